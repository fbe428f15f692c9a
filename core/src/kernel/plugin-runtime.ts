import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { container as tsyringeRoot, type DependencyContainer } from 'tsyringe';
import type { ContractToken } from '../contracts/token';
import { Logger } from '../contracts/logger';
import type { HealthReport } from '../contracts/service';
import { TesseraError } from '../errors/tessera-error';
import type { PluginContext } from '../plugin/plugin-context';
import type { PluginDefinition } from '../plugin/define-plugin';
import type { ResolvedPlugin } from './resolved-deployment';

export type PluginPhase =
  'resolved' | 'loaded' | 'registered' | 'initialized' | 'started' | 'failed' | 'stopped';

/** What a plugin context needs from the kernel that owns it. */
export interface KernelServices {
  readonly roles: readonly string[];
  readonly nodeId: string;
  readonly dataDir: string;
  readonly signal: AbortSignal;
  lookup(serviceId: string): unknown;
  has(serviceId: string): boolean;
  provide(plugin: ResolvedPlugin, serviceId: string, value: unknown): void;
  implement(plugin: ResolvedPlugin, implementation: unknown): void;
  reportHealth(pluginId: string, report: HealthReport): void;
  announceEndpoint(pluginId: string, name: string, url: string): void;
}

/** One plugin inside a running kernel: its definition, its context, and how far it got. */
export class PluginRuntime {
  phase: PluginPhase = 'resolved';
  failure: TesseraError | undefined;
  definition: PluginDefinition<Record<string, unknown>> | undefined;
  /** The config in effect: resolved from the manifest and environment, then the config store. */
  private readonly current: { config: Record<string, unknown> };
  readonly context: PluginContext<Record<string, unknown>>;

  constructor(
    readonly plugin: ResolvedPlugin,
    kernel: KernelServices,
    log: Logger,
  ) {
    const declared = new Set([
      ...(plugin.manifest.requires ?? []),
      ...(plugin.manifest.optional ?? []),
      'logger',
    ]);
    const own: DependencyContainer = tsyringeRoot.createChildContainer();
    own.register(Logger, { useValue: log });
    for (const serviceId of declared) {
      if (serviceId !== 'logger') own.register(serviceId, { useFactory: () => kernel.lookup(serviceId) });
    }
    const current = { config: plugin.config };
    this.current = current;
    const manifest = plugin.manifest;
    const dataDir = join(kernel.dataDir, manifest.id);
    const resolveDeclared = <T>(token: ContractToken<T>): T => {
      if (!declared.has(token)) {
        throw new TesseraError(
          'plugin-dependency-missing',
          `plugin ${manifest.id} resolved "${token}" without declaring it in tessera.requires or tessera.optional`,
          { plugin: manifest.id, service: token },
        );
      }
      return own.resolve<T>(token);
    };
    this.context = {
      id: manifest.id,
      packageName: plugin.packageName,
      packageVersion: plugin.version,
      get config() {
        return current.config;
      },
      roles: kernel.roles,
      nodeId: kernel.nodeId,
      get dataDir() {
        mkdirSync(dataDir, { recursive: true });
        return dataDir;
      },
      log,
      container: own,
      signal: kernel.signal,
      resolve: resolveDeclared,
      resolveOptional: <T>(token: ContractToken<T>): T | undefined =>
        kernel.has(token) || token === 'logger' ? resolveDeclared(token) : undefined,
      provide: (token, value) => kernel.provide(plugin, token, value),
      implement: (implementation) => kernel.implement(plugin, implementation),
      reportHealth: (report) => kernel.reportHealth(manifest.id, report),
      announceEndpoint: (name, url) => kernel.announceEndpoint(manifest.id, name, url),
    };
  }

  get id(): string {
    return this.plugin.manifest.id;
  }

  get config(): Record<string, unknown> {
    return this.current.config;
  }

  set config(config: Record<string, unknown>) {
    this.current.config = config;
  }
}
