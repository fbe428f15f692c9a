/**
 * The layers of a plugin's config, lowest first: schema defaults < the manifest's `config` < the
 * config store (`config/plugins/<kind>/<name>/...`) < environment overrides. Store and environment
 * entries are paths of keys with raw string values; this module lays them over the manifest's
 * config, matching each key to the schema's property names regardless of case, `-` and `_`
 * (`num_retries_to_skip` sets `numRetriesToSkip`). Values are parsed as JSON when they parse.
 */

export interface ConfigEntry {
  /** Where it came from, for error messages: an env var name or a config store key. */
  source: string;
  path: string[];
  raw: string;
}

/** `TESSERA_<PLUGIN_ID>__<KEY>[__<SUBKEY>...]=value`, the plugin id upper-cased with `_` for `-`. */
export function envEntries(pluginId: string, env: NodeJS.ProcessEnv): ConfigEntry[] {
  const prefix = `TESSERA_${pluginId.toUpperCase().replace(/-/g, '_')}__`;
  return Object.entries(env)
    .filter(([name, raw]) => name.startsWith(prefix) && raw !== undefined)
    .map(([name, raw]) => ({
      source: `environment variable ${name}`,
      path: name.slice(prefix.length).split('__'),
      raw: raw!,
    }));
}

/** The config store prefix of a plugin: upstream's `config/plugins/<group>/<name>/`. */
export function storePrefix(kind: string, nameOrId: string): string {
  return `config/plugins/${kind}/${nameOrId}/`;
}

export function storeEntries(prefix: string, keys: Array<[string, string]>): ConfigEntry[] {
  return keys
    .filter(([key]) => key.startsWith(prefix) && key.length > prefix.length)
    .map(([key, raw]) => ({
      source: `config store key ${key}`,
      path: key.slice(prefix.length).split('/'),
      raw,
    }));
}

/** Lays entries over a copy of `config`; returns the result and which JSON pointer each source set. */
export function overlay(
  config: Record<string, unknown>,
  schema: Record<string, unknown> | undefined,
  entries: ConfigEntry[],
): { config: Record<string, unknown>; sources: Array<{ pointer: string; source: string }> } {
  const result = structuredClone(config);
  const sources: Array<{ pointer: string; source: string }> = [];
  for (const entry of entries) {
    let target: Record<string, unknown> = result;
    let node: Record<string, unknown> | undefined = schema;
    const pointer: string[] = [];
    entry.path.forEach((key, index) => {
      const props = (node?.properties ?? {}) as Record<string, Record<string, unknown>>;
      const match = Object.keys(props).find((p) => normalise(p) === normalise(key)) ?? key;
      pointer.push(match);
      node = props[match];
      if (index === entry.path.length - 1) {
        target[match] = parseValue(entry.raw);
      } else {
        if (typeof target[match] !== 'object' || target[match] === null) target[match] = {};
        target = target[match] as Record<string, unknown>;
      }
    });
    sources.push({ pointer: '/' + pointer.join('/'), source: entry.source });
  }
  return { config: result, sources };
}

function normalise(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
