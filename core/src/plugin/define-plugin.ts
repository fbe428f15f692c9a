import type { PluginContext } from './plugin-context';

/**
 * A plugin's code, as data plus lifecycle functions. The package's entry module exports it as
 * `default`. Phases run in dependency order on start and in reverse on stop:
 *
 * - `register` (sync, no I/O): provide services and implementations.
 * - `init` (async): connect, open files, check versions. Providers are initialised before consumers.
 * - `start` (async): listen, start loops.
 * - `stop` (async): close everything `init`/`start` opened; bounded by the kernel's stop timeout.
 *
 * `onConfigChange` is called when the plugin's keys in the config store change and the new config
 * is valid (`ctx.config` already holds it). A plugin without it keeps running on its old config
 * until restarted, and the kernel logs that. A rejection is logged; the plugin keeps running.
 */
export interface PluginDefinition<Config = Record<string, unknown>> {
  register?(ctx: PluginContext<Config>): void;
  init?(ctx: PluginContext<Config>): Promise<void>;
  start?(ctx: PluginContext<Config>): Promise<void>;
  stop?(ctx: PluginContext<Config>): Promise<void>;
  onConfigChange?(ctx: PluginContext<Config>, previous: Config): Promise<void> | void;
}

export const PLUGIN_DEFINITION = Symbol.for('tessera.plugin-definition');

export type DefinedPlugin<Config> = PluginDefinition<Config> & { readonly [PLUGIN_DEFINITION]: true };

export function definePlugin<Config = Record<string, unknown>>(
  definition: PluginDefinition<Config>,
): DefinedPlugin<Config> {
  return Object.freeze({ ...definition, [PLUGIN_DEFINITION]: true as const });
}

export function isDefinedPlugin(value: unknown): value is DefinedPlugin<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PLUGIN_DEFINITION] === true
  );
}
