import type { DependencyContainer } from 'tsyringe';
import type { ContractToken } from '../contracts/token';
import type { Logger } from '../contracts/logger';
import type { HealthReport } from '../contracts/service';

/**
 * What the kernel hands a plugin in every lifecycle phase. The container is the plugin's own
 * child container: it resolves only the services the plugin declared in `requires` (plus the
 * logger), so a plugin cannot reach what it did not ask for.
 */
export interface PluginContext<Config = Record<string, unknown>> {
  /** The plugin id from its package.json `tessera.id`. */
  readonly id: string;
  readonly packageName: string;
  readonly packageVersion: string;
  /** The validated config: schema defaults < manifest < environment overrides. */
  readonly config: Config;
  /** Roles this process runs (`manager`, `agent`, ...). */
  readonly roles: readonly string[];
  /** A stable id of this node (host name based), used as event source and agent id prefix. */
  readonly nodeId: string;
  /** A writable folder for this plugin's state (`<dataDir>/<plugin-id>`), created on first use. */
  readonly dataDir: string;
  readonly log: Logger;
  readonly container: DependencyContainer;
  /** Aborted when the kernel begins to stop; loops in `start` should end on it. */
  readonly signal: AbortSignal;
  /** Resolves a required service. Throws `plugin-dependency-missing` if it was not declared. */
  resolve<T>(token: ContractToken<T>): T;
  /** Resolves a service declared in `optional`, or undefined when no plugin provides it. */
  resolveOptional<T>(token: ContractToken<T>): T | undefined;
  /** Makes a service declared in `provides` available to the plugins that require it. */
  provide<T>(token: ContractToken<T>, value: T): void;
  /**
   * For plugins of a named kind (scheduler, accelerator, agent-backend, ...): registers this
   * plugin's implementation in its kind's registry under its `tessera.name`.
   */
  implement<T extends { readonly name?: string }>(implementation: T): void;
  /** Updates this plugin's entry in the health registry. */
  reportHealth(report: HealthReport): void;
  /** Tells operators where a service of this plugin can be reached (`tessera up` prints these). */
  announceEndpoint(name: string, url: string): void;
}
