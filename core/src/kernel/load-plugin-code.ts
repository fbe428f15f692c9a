import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TesseraError } from '../errors/tessera-error';
import { isDefinedPlugin, isVersion1Definition, type AnyPluginDefinition } from '../plugin/define-plugin';
import { readPackageJson } from '../plugin/discover-plugins';
import { dependencyIds } from '../plugin/plugin-deps';
import type { ResolvedPlugin } from './resolved-deployment';

/**
 * Loads a plugin's entry module with `import()`, so CommonJS and ESM-only packages both work, and
 * checks that it exports a v2 definition whose `deps` match the package.json's `tessera.requires`
 * and `tessera.optional` (the lists the kernel planned with).
 */
export async function loadPluginCode(plugin: ResolvedPlugin): Promise<AnyPluginDefinition> {
  const id = plugin.manifest.id;
  const entry = plugin.manifest.entry ?? readPackageJson(plugin.dir).main ?? 'index.js';
  const path = join(plugin.dir, entry);
  if (!existsSync(path)) {
    throw TesseraError.fromPlugin(id, 'load', new Error(`${path} does not exist (is the package built?)`));
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw TesseraError.fromPlugin(id, 'load', error);
  }
  // ESM: the default export. CommonJS: module.exports arrives as `default`, holding its own `default`.
  const candidates = [loaded.default, (loaded.default as Record<string, unknown> | undefined)?.default];
  const definition = candidates.find(isDefinedPlugin);
  if (!definition) {
    const v1 = candidates.some(isVersion1Definition);
    throw new TesseraError(
      'plugin-manifest-invalid',
      v1
        ? `plugin ${id}: ${path} exports a definition of the first plugin API; this core loads plugin API v2 (definePlugin with deps, init returning the instance; see docs/writing-plugins.md)`
        : `plugin ${id}: ${path} does not export a plugin definition as default (use definePlugin from @tessera/core)`,
      { plugin: id },
      { pluginId: id, phase: 'load' },
    );
  }
  const drift = depsDrift(plugin, definition);
  if (drift) {
    throw new TesseraError(
      'plugin-manifest-invalid',
      `plugin ${id}: ${drift}`,
      { plugin: id },
      { pluginId: id, phase: 'load' },
    );
  }
  return definition;
}

/** How a definition's `deps` and its package.json disagree, or undefined when they agree. */
export function depsDrift(
  plugin: Pick<ResolvedPlugin, 'manifest'>,
  definition: AnyPluginDefinition,
): string | undefined {
  const code = dependencyIds(definition.deps);
  const declared = {
    requires: [...new Set(plugin.manifest.requires ?? [])].sort(),
    optional: [...new Set(plugin.manifest.optional ?? [])].sort(),
  };
  const problems: string[] = [];
  for (const list of ['requires', 'optional'] as const) {
    if (code[list].join() !== declared[list].join()) {
      problems.push(
        `package.json tessera.${list} is [${declared[list].join(', ')}] but the code's deps declare [${code[list].join(', ')}]`,
      );
    }
  }
  return problems.length > 0 ? `${problems.join('; ')}; make them equal` : undefined;
}
