import { join } from 'node:path';
import { TesseraError } from '../errors/tessera-error';
import { isDefinedPlugin, type PluginDefinition } from '../plugin/define-plugin';
import { readPackageJson } from '../plugin/discover-plugins';
import type { ResolvedPlugin } from './resolved-deployment';

/** Requires a plugin's entry module and checks that it exports a definition made by definePlugin. */
export function loadPluginCode(plugin: ResolvedPlugin): PluginDefinition<Record<string, unknown>> {
  const entry = plugin.manifest.entry ?? readPackageJson(plugin.dir).main ?? 'index.js';
  const path = join(plugin.dir, entry);
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND'
        ? `${path} does not exist (is the package built?)`
        : (error as Error).message;
    throw TesseraError.fromPlugin(plugin.manifest.id, 'load', new Error(reason, { cause: error }));
  }
  const definition = (loaded as { default?: unknown }).default ?? loaded;
  if (!isDefinedPlugin(definition)) {
    throw new TesseraError(
      'plugin-manifest-invalid',
      `plugin ${plugin.manifest.id}: ${path} does not export a plugin definition as default (use definePlugin from @tessera/core)`,
      { plugin: plugin.manifest.id },
      { pluginId: plugin.manifest.id, phase: 'load' },
    );
  }
  return definition as PluginDefinition<Record<string, unknown>>;
}
