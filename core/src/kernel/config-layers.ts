/**
 * Environment overrides for plugin config, the last layer of precedence (schema defaults <
 * manifest < config store < environment). `TESSERA_<PLUGIN_ID>__<KEY>[__<SUBKEY>...]=value`, with
 * the plugin id upper-cased and `-` as `_`; keys match the schema's property names without regard
 * to case or `-`/`_`. Values are parsed as JSON when they parse (numbers, booleans, objects), else
 * kept as strings. Returns the overridden config and the variables used (for error messages).
 */
export function applyEnvOverrides(
  pluginId: string,
  config: Record<string, unknown>,
  schema: Record<string, unknown> | undefined,
  env: NodeJS.ProcessEnv,
): { config: Record<string, unknown>; used: Record<string, string> } {
  const prefix = `TESSERA_${pluginId.toUpperCase().replace(/-/g, '_')}__`;
  const used: Record<string, string> = {};
  const result = structuredClone(config);
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const keys = name.slice(prefix.length).split('__');
    let target: Record<string, unknown> = result;
    let node: Record<string, unknown> | undefined = schema;
    keys.forEach((key, index) => {
      const props = (node?.properties ?? {}) as Record<string, Record<string, unknown>>;
      const match = Object.keys(props).find((p) => normalise(p) === normalise(key)) ?? key.toLowerCase();
      node = props[match];
      if (index === keys.length - 1) {
        target[match] = parseValue(raw);
      } else {
        if (typeof target[match] !== 'object' || target[match] === null) target[match] = {};
        target = target[match] as Record<string, unknown>;
      }
    });
    used[name] = '/' + keys.join('/');
  }
  return { config: result, used };
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
