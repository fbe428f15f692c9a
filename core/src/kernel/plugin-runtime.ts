import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { container as tsyringeRoot, type DependencyContainer } from 'tsyringe';
import { Logger } from '../contracts/logger';
import type { HealthReport } from '../contracts/service';
import { TesseraError } from '../errors/tessera-error';
import type { AnyPluginDefinition } from '../plugin/define-plugin';
import type { Contribution, ExtensionPoint } from '../plugin/extension-point';
import type { PluginContext, RegisterContext } from '../plugin/plugin-context';
import { isOptionalDependency } from '../plugin/plugin-deps';
import type { ResolvedPlugin } from './resolved-deployment';

export type PluginPhase =
  'resolved' | 'loaded' | 'registered' | 'initialized' | 'started' | 'failed' | 'stopped';

/** What a plugin context needs from the kernel that owns it. */
export interface KernelServices {
  readonly roles: readonly string[];
  readonly nodeId: string;
  readonly dataDir: string;
  readonly signal: AbortSignal;
  /** Every service id some plugin or the kernel provides in this deployment. */
  readonly knownServices: ReadonlySet<string>;
  lookup(serviceId: string): unknown;
  has(serviceId: string): boolean;
  provide(runtime: PluginRuntime, serviceId: string, value: unknown): void;
  implement(runtime: PluginRuntime, implementation: unknown): void;
  contribute(runtime: PluginRuntime, point: ExtensionPoint<unknown>, value: unknown): void;
  contributions(runtime: PluginRuntime, point: ExtensionPoint<unknown>): ReadonlyArray<Contribution<unknown>>;
  reportHealth(pluginId: string, report: HealthReport): void;
  announceEndpoint(pluginId: string, name: string, url: string): void;
}

type AnyContext = PluginContext<Record<string, unknown>>;

/**
 * One plugin inside a running kernel: its definition, its instance, its contexts, and how far it
 * got. Its container is a child of tsyringe's root that holds only what the plugin declared (its
 * deps and the logger); every other service of the deployment is registered there as a refusal
 * that names the plugin and the token.
 */
export class PluginRuntime {
  phase: PluginPhase = 'resolved';
  failure: TesseraError | undefined;
  definition: AnyPluginDefinition | undefined;
  /** What `init` returned; handed to `start`, `stop` and `onConfigChange`. */
  instance: unknown;
  /** The config in effect: resolved from the manifest and environment, then the config store. */
  config: Record<string, unknown>;
  readonly container: DependencyContainer;
  readonly registerContext: RegisterContext<Record<string, unknown>>;
  readonly context: AnyContext;

  constructor(
    readonly plugin: ResolvedPlugin,
    kernel: KernelServices,
    readonly log: Logger,
  ) {
    this.config = plugin.config;
    const manifest = plugin.manifest;
    const declared = new Set([...(manifest.requires ?? []), ...(manifest.optional ?? [])]);
    const own = tsyringeRoot.createChildContainer();
    this.container = this.guarded(own, declared);
    own.register(Logger, { useValue: log });
    // Declared services resolve (an optional one nobody provides to undefined); every other service
    // of the deployment is a refusal naming the plugin and the service.
    for (const serviceId of new Set([...declared, ...kernel.knownServices])) {
      if (serviceId === Logger) continue;
      if (declared.has(serviceId)) {
        own.register(serviceId, { useFactory: () => this.lookupDeclared(kernel, serviceId) });
      } else {
        own.register(serviceId, {
          useFactory: () => {
            throw this.undeclared(serviceId);
          },
        });
      }
    }
    const currentConfig = () => this.config;
    const dataDir = join(kernel.dataDir, manifest.id);
    const register: RegisterContext<Record<string, unknown>> = {
      id: manifest.id,
      packageName: plugin.packageName,
      packageVersion: plugin.version,
      get config() {
        return currentConfig();
      },
      roles: kernel.roles,
      nodeId: kernel.nodeId,
      get dataDir() {
        mkdirSync(dataDir, { recursive: true });
        return dataDir;
      },
      log,
      signal: kernel.signal,
      provide: (token, value) => kernel.provide(this, token, value),
      implement: (implementation) => kernel.implement(this, implementation),
      contribute: (point, value) => kernel.contribute(this, point as ExtensionPoint<unknown>, value),
    };
    this.registerContext = register;
    let deps: Record<string, unknown> | undefined;
    this.context = Object.create(register, {
      deps: {
        get: () => (deps ??= this.resolveDeps(kernel)),
        enumerable: true,
      },
      container: { value: this.container, enumerable: true },
      contributions: {
        value: <T>(point: ExtensionPoint<T>) =>
          kernel.contributions(this, point) as ReadonlyArray<Contribution<T>>,
      },
      reportHealth: { value: (report: HealthReport) => kernel.reportHealth(manifest.id, report) },
      announceEndpoint: {
        value: (name: string, url: string) => kernel.announceEndpoint(manifest.id, name, url),
      },
    }) as AnyContext;
  }

  get id(): string {
    return this.plugin.manifest.id;
  }

  /** The definition's `deps`, resolved: a missing required service fails, a missing optional is undefined. */
  private resolveDeps(kernel: KernelServices): Record<string, unknown> {
    const resolved: Record<string, unknown> = {};
    for (const [key, dependency] of Object.entries(this.definition?.deps ?? {})) {
      if (isOptionalDependency(dependency)) {
        resolved[key] = kernel.has(dependency.token) ? kernel.lookup(dependency.token) : undefined;
      } else {
        resolved[key] = this.lookupDeclared(kernel, dependency);
      }
    }
    return Object.freeze(resolved);
  }

  private lookupDeclared(kernel: KernelServices, serviceId: string): unknown {
    if (!kernel.has(serviceId) && (this.plugin.manifest.optional ?? []).includes(serviceId)) return undefined;
    return kernel.lookup(serviceId);
  }

  /**
   * The container as the plugin sees it: resolving a service id (a string token) that is neither
   * declared nor registered by the plugin itself fails naming both, even when no plugin of the
   * deployment provides that service (tsyringe would only say "unregistered dependency token").
   */
  private guarded(own: DependencyContainer, declared: ReadonlySet<string>): DependencyContainer {
    return new Proxy(own, {
      get: (target, property, receiver) => {
        if (property !== 'resolve') return Reflect.get(target, property, receiver) as unknown;
        return (token: unknown) => {
          if (typeof token === 'string' && !declared.has(token) && !target.isRegistered(token, true))
            throw this.undeclared(token);
          return target.resolve(token as string);
        };
      },
    });
  }

  private undeclared(serviceId: string): TesseraError {
    return new TesseraError(
      'plugin-dependency-missing',
      `plugin ${this.id} resolved "${serviceId}" without declaring it in its deps (and tessera.requires or tessera.optional)`,
      { plugin: this.id, service: serviceId },
    );
  }
}
