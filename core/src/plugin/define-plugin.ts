import type { ErrorCodes } from '../errors/error-codes';
import type { PluginContext, RegisterContext } from './plugin-context';
import type { DependencySpec } from './plugin-deps';

/**
 * A plugin's code, as data plus lifecycle functions (plugin API v2). The package's entry module
 * exports it as `default`. Phases run in dependency order on start and in reverse on stop:
 *
 * - `register(ctx)` (sync, no I/O): provide services, implement a named kind, contribute.
 * - `init(ctx)` (async): connect, open files, build the plugin's services from `ctx.deps`; returns
 *   the plugin's instance. Providers and contributors initialise before their consumers and owners.
 * - `start(instance, ctx)` (async): listen, start loops.
 * - `stop(instance, ctx)` (async): close what `init`/`start` opened; bounded by the stop timeout.
 * - `onConfigChange(instance, ctx, previous)`: the plugin's keys in the config store changed and the
 *   new config is valid (`ctx.config` holds it). Without it the plugin keeps its old config until
 *   restarted, and the kernel logs that. A rejection is logged; the plugin keeps running.
 *
 * The instance carries state from `init` to `start` and `stop`; nothing lives at module level.
 */
export interface PluginDefinition<Config, Deps extends DependencySpec, Instance> {
  /** What the plugin needs; must equal package.json's `tessera.requires` and `tessera.optional`. */
  readonly deps?: Deps;
  /** Error code tables the plugin owns; a code claimed twice in a deployment refuses the start. */
  readonly errorCodes?: ReadonlyArray<ErrorCodes>;
  /** Marks the config type: `config: configType<Config>()` (compile time only). */
  readonly config?: ConfigType<Config>;
  register?(ctx: RegisterContext<Config>): void;
  init?(ctx: PluginContext<Config, Deps>): Promise<Instance> | Instance;
  start?(instance: Instance, ctx: PluginContext<Config, Deps>): Promise<void> | void;
  stop?(instance: Instance, ctx: PluginContext<Config, Deps>): Promise<void> | void;
  onConfigChange?(
    instance: Instance,
    ctx: PluginContext<Config, Deps>,
    previous: Config,
  ): Promise<void> | void;
}

declare const CONFIG_TYPE: unique symbol;

/** A compile-time marker of a plugin's config type; its value is an empty object. */
export interface ConfigType<Config> {
  readonly [CONFIG_TYPE]?: Config;
}

/** `config: configType<Config>()` in a definition types `ctx.config` (usually the generated type). */
export function configType<Config>(): ConfigType<Config> {
  return {};
}

export const PLUGIN_DEFINITION = Symbol.for('tessera.plugin-definition/v2');

/** Any defined plugin, as the kernel handles it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPluginDefinition = PluginDefinition<any, DependencySpec, any>;

export type DefinedPlugin<Config, Deps extends DependencySpec, Instance> = PluginDefinition<
  Config,
  Deps,
  Instance
> & { readonly [PLUGIN_DEFINITION]: true };

/**
 * Defines a plugin. Types flow from the definition: `ctx.deps` from `deps`, `ctx.config` from
 * `config: configType<Config>()`, and `start`/`stop`'s instance from what `init` returns.
 */
export function definePlugin<
  Config = Record<string, unknown>,
  Deps extends DependencySpec = Record<never, never>,
  Instance = void,
>(definition: PluginDefinition<Config, Deps, Instance>): DefinedPlugin<Config, Deps, Instance> {
  return Object.freeze({ ...definition, [PLUGIN_DEFINITION]: true as const });
}

export function isDefinedPlugin(value: unknown): value is AnyPluginDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[PLUGIN_DEFINITION] === true
  );
}

/** A definition made with the first plugin API (`Symbol.for('tessera.plugin-definition')`). */
export function isVersion1Definition(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for('tessera.plugin-definition')] === true
  );
}
