import type { DependencyContainer } from 'tsyringe';
import type { ContractToken } from '../contracts/token';
import type { Logger } from '../contracts/logger';
import type { HealthReport } from '../contracts/service';
import type { Contribution, ExtensionPoint } from './extension-point';
import type { DependencySpec, ResolvedDependencies } from './plugin-deps';

/** What every phase sees: who the plugin is, its config, and where it runs. */
export interface PluginEnvironment<Config> {
  /** The plugin id from its package.json `tessera.id`. */
  readonly id: string;
  readonly packageName: string;
  readonly packageVersion: string;
  /** The validated config: schema defaults < manifest < config store < environment overrides. */
  readonly config: Config;
  /** Roles this process runs (`manager`, `agent`, ...). */
  readonly roles: readonly string[];
  /** A stable id of this node (host name based), used as event source and agent id prefix. */
  readonly nodeId: string;
  /** A writable folder for this plugin's state (`<dataDir>/<plugin-id>`), created on first use. */
  readonly dataDir: string;
  readonly log: Logger;
  /** Aborted when the kernel begins to stop; loops in `start` should end on it. */
  readonly signal: AbortSignal;
}

/**
 * What `register` (synchronous, no I/O) may do: make services and implementations available and
 * contribute to extension points.
 */
export interface RegisterContext<Config> extends PluginEnvironment<Config> {
  /** Makes a service declared in `tessera.provides` available to the plugins that require it. */
  provide<T>(token: ContractToken<T>, value: T): void;
  /**
   * For plugins of a named kind (scheduler, accelerator, agent-backend, ...): registers this
   * plugin's implementation in its kind's registry under its `tessera.name`.
   */
  implement<T extends { readonly name?: string }>(implementation: T): void;
  /** Adds a value to an extension point declared in `tessera.contributes`. */
  contribute<T>(point: ExtensionPoint<T>, value: T): void;
}

/** What `init`, `start`, `stop` and `onConfigChange` see. */
export interface PluginContext<
  Config,
  Deps extends DependencySpec = DependencySpec,
> extends RegisterContext<Config> {
  /** The plugin's `deps`, resolved and typed; optional ones are undefined when nobody provides them. */
  readonly deps: ResolvedDependencies<Deps>;
  /**
   * The plugin's own child container: its declared dependencies are registered under their tokens
   * (and the logger under `Logger`), so the plugin's service classes can be built with
   * `@inject(Token)` constructors. Resolving a token the plugin did not declare fails, naming the
   * plugin and the token. Make per-request or per-pass children of it where state must not leak.
   */
  readonly container: DependencyContainer;
  /**
   * The contributions made to an extension point this plugin owns (`tessera.extensionPoints`).
   * Complete and fixed from `init` on: every contributor has initialised before the owner.
   */
  contributions<T>(point: ExtensionPoint<T>): ReadonlyArray<Contribution<T>>;
  /** Updates this plugin's entry in the health registry. */
  reportHealth(report: HealthReport): void;
  /** Tells operators where a service of this plugin can be reached (`tessera up` prints these). */
  announceEndpoint(name: string, url: string): void;
}
