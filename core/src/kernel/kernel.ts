import 'reflect-metadata';
import { AgentRpcDirectory } from '../contracts/agent-rpc';
import type { Logger } from '../contracts/logger';
import { HealthRegistry, type HealthReport } from '../contracts/service';
import { ERROR_CODES } from '../errors/codes';
import { AggregateStartError, TesseraError } from '../errors/tessera-error';
import type { Contribution, ExtensionPoint } from '../plugin/extension-point';
import { createLogger } from '../logging/create-logger';
import type { DeploymentManifest } from '../manifest/deployment-manifest';
import { MapHealthRegistry } from './health-registry';
import { InProcessAgentRpcDirectory } from './in-process-agent-rpc';
import { loadPluginCode } from './load-plugin-code';
import { MapNamedRegistry } from './named-registry-impl';
import { PluginRuntime, type KernelServices } from './plugin-runtime';
import { KERNEL_SERVICES } from './resolved-deployment';
import { withTimeout } from './with-timeout';
import { selectPlugins } from './select-plugins';
import { StoreConfigLayer } from './store-config-layer';
import { needsStop, stopPlugins } from './stop-plugins';
import type { ConfigStore } from '../contracts/config-store';
import { resolveDeploymentFrom, validateDeployment, type ResolveOptions } from './resolve-deployment';
import type { ResolvedDeployment } from './resolved-deployment';

export interface KernelOptions extends ResolveOptions {
  /** Use this logger instead of creating one from the manifest's `logging` section. */
  logger?: Logger;
  logDestination?: NodeJS.WritableStream;
  /** Run only these plugins (by id) and what they require, e.g. `['database']` for a schema command. */
  only?: readonly string[];
}

type KernelState = 'created' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * The plugin kernel: loads the plugins of a resolved deployment, wires them through per-plugin
 * containers, and runs their lifecycle (register -> init -> start; stop in reverse). A required
 * plugin that fails aborts the start with every failure reported; an optional one is marked down
 * in health and its dependents are skipped.
 */
export class Kernel {
  readonly log: Logger;
  private readonly services = new Map<string, unknown>();
  private readonly registries = new Map<string, MapNamedRegistry<unknown>>();
  private readonly health = new MapHealthRegistry();
  private readonly endpointMap = new Map<string, string>();
  private readonly contributionMap = new Map<string, Array<{ runtime: PluginRuntime; value: unknown }>>();
  private readonly abort = new AbortController();
  private readonly runtimes: PluginRuntime[];
  private readonly env: NodeJS.ProcessEnv;
  private storeLayer: StoreConfigLayer | undefined;
  private state: KernelState = 'created';
  private stopping: Promise<void> | undefined;

  static async fromManifest(manifestPath: string, options: KernelOptions = {}): Promise<Kernel> {
    return new Kernel(await validateDeployment(manifestPath, options), options);
  }

  /** Builds a kernel from an in-memory manifest (tests, embedding); `baseDir` anchors relative paths. */
  static fromDefinition(manifest: DeploymentManifest, options: KernelOptions & { baseDir: string }): Kernel {
    const path = `${options.baseDir}/<inline manifest ${manifest.name}>`;
    const deployment = resolveDeploymentFrom({ path, manifest, locate: () => undefined }, options);
    return new Kernel(deployment, options);
  }

  readonly deployment: ResolvedDeployment;

  constructor(deployment: ResolvedDeployment, options: KernelOptions = {}) {
    this.deployment = options.only ? selectPlugins(deployment, options.only) : deployment;
    this.env = options.env ?? process.env;
    this.log =
      options.logger ??
      createLogger({
        level: deployment.manifest.logging?.level ?? 'info',
        format: deployment.manifest.logging?.format,
        destination: options.logDestination,
      });
    this.services.set(AgentRpcDirectory, new InProcessAgentRpcDirectory());
    this.services.set(HealthRegistry, this.health);
    for (const kind of deployment.namedKinds) {
      const registry = new MapNamedRegistry<unknown>(kind, deployment.defaults[kind]);
      this.registries.set(kind, registry);
      this.services.set(kind, registry);
    }
    const services = this.kernelServices();
    this.runtimes = this.deployment.plugins.map(
      (plugin) => new PluginRuntime(plugin, services, this.log.child({ plugin: plugin.manifest.id })),
    );
  }

  get roles(): readonly string[] {
    return this.deployment.manifest.roles;
  }

  /** Where started services listen, by `<plugin-id>.<name>`. */
  endpoints(): Record<string, string> {
    return Object.fromEntries(this.endpointMap);
  }

  healthSnapshot(): Record<string, HealthReport> {
    return this.health.snapshot();
  }

  /** A service by id, as plugins see it (tests and embedders). */
  resolve<T>(serviceId: string): T {
    return this.lookup(serviceId) as T;
  }

  async start(): Promise<void> {
    if (this.state !== 'created') throw TesseraError.internal(`kernel cannot start from state ${this.state}`);
    this.state = 'starting';
    const began = Date.now();
    this.log.info('deployment starting', {
      deployment: this.deployment.manifest.name,
      roles: this.roles,
      plugins: this.runtimes.map((r) => r.id),
    });
    for (const runtime of this.runtimes) {
      await this.runPhase(
        runtime,
        'load',
        async () => (runtime.definition = await loadPluginCode(runtime.plugin)),
        'loaded',
      );
    }
    this.checkErrorCodes();
    for (const runtime of this.runnable('loaded')) {
      this.runPhaseSync(
        runtime,
        'register',
        () => runtime.definition!.register?.(runtime.registerContext),
        'registered',
      );
    }
    for (const runtime of this.runnable('registered')) {
      await this.runPhase(
        runtime,
        'init',
        async () => {
          await this.configStoreLayer()?.apply(runtime);
          runtime.instance = await runtime.definition!.init?.(runtime.context);
        },
        'initialized',
      );
    }
    for (const runtime of this.runnable('initialized')) {
      await this.runPhase(
        runtime,
        'start',
        () => runtime.definition!.start?.(runtime.instance, runtime.context),
        'started',
      );
      if (runtime.phase === 'started' && !this.health.snapshot()[runtime.id])
        this.health.report(runtime.id, { status: 'ok' });
    }
    const fatal = this.runtimes
      .filter((r) => r.phase === 'failed' && !r.plugin.optional)
      .map((r) => r.failure!);
    if (fatal.length > 0) {
      await this.stop('start failed');
      throw new AggregateStartError(
        fatal,
        `${this.deployment.manifest.name}: the deployment could not start`,
      );
    }
    for (const runtime of this.runtimes) {
      if (runtime.phase === 'started' && this.storeLayer) await this.storeLayer.watch(runtime);
    }
    this.state = 'started';
    this.log.info('deployment started', {
      deployment: this.deployment.manifest.name,
      ms: Date.now() - began,
      endpoints: this.endpoints(),
    });
  }

  async stop(reason = 'requested'): Promise<void> {
    this.stopping ??= this.stopAll(reason);
    return this.stopping;
  }

  /**
   * Stops cleanly on SIGINT/SIGTERM and exits; a second signal exits at once. The daemon's exit on
   * a signal (status 1 when stopping failed), injectable so tests observe it without exiting.
   */
  installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) {
        this.log.warn('second signal, exiting without waiting', { signal });
        exit(1);
        return;
      }
      received = true;
      this.log.info('stopping on signal', { signal });
      this.stop(`signal ${signal}`).then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  private async stopAll(reason: string): Promise<void> {
    this.state = 'stopping';
    this.abort.abort(new Error(`kernel stopping: ${reason}`));
    await this.storeLayer?.close();
    const timeoutMs = (this.deployment.manifest.stopTimeout ?? 10) * 1000;
    await stopPlugins(this.runtimes.filter(needsStop).reverse(), timeoutMs, this.log);
    this.state = 'stopped';
    this.log.info('deployment stopped', { deployment: this.deployment.manifest.name, reason });
  }

  /** Runtimes in the given phase whose required services are still available. */
  private *runnable(phase: 'loaded' | 'registered' | 'initialized'): Generator<PluginRuntime> {
    for (const runtime of this.runtimes) {
      if (runtime.phase !== phase) continue;
      const missing = (runtime.plugin.manifest.requires ?? []).find((service) =>
        this.providersFailed(service),
      );
      if (missing) {
        this.fail(
          runtime,
          new TesseraError(
            'plugin-dependency-missing',
            `plugin ${runtime.id} was not started: the plugin providing "${missing}" failed`,
            {},
            { pluginId: runtime.id, phase },
          ),
        );
        continue;
      }
      yield runtime;
    }
  }

  /** The config store layer, once a plugin providing `config-store` is initialised. */
  private configStoreLayer(): StoreConfigLayer | undefined {
    if (this.storeLayer) return this.storeLayer;
    const provider = this.runtimes.find((r) => r.plugin.provides.includes('config-store'));
    if (!provider || (provider.phase !== 'initialized' && provider.phase !== 'started')) return undefined;
    this.storeLayer = new StoreConfigLayer(this.lookup('config-store') as ConfigStore, this.env, this.log);
    return this.storeLayer;
  }

  private providersFailed(service: string): boolean {
    const providers = this.runtimes.filter((r) => r.plugin.provides.includes(service));
    return providers.length > 0 && providers.every((r) => r.phase === 'failed');
  }

  private runPhaseSync(
    runtime: PluginRuntime,
    phase: string,
    body: () => unknown,
    next: PluginRuntime['phase'],
  ): void {
    try {
      body();
      runtime.phase = next;
    } catch (error) {
      this.fail(runtime, TesseraError.fromPlugin(runtime.id, phase, error));
    }
  }

  private async runPhase(
    runtime: PluginRuntime,
    phase: string,
    body: () => unknown,
    next: PluginRuntime['phase'],
  ): Promise<void> {
    const began = Date.now();
    const seconds = runtime.plugin.entry.timeout ?? this.deployment.manifest.pluginTimeout ?? 60;
    try {
      await withTimeout(
        Promise.resolve().then(body),
        seconds * 1000,
        () =>
          new TesseraError(
            'plugin-timeout',
            `plugin ${runtime.id} did not finish ${phase} within ${seconds} s (pluginTimeout; raise it for this plugin with timeout: in its manifest entry)`,
            { plugin: runtime.id, phase, seconds },
            { pluginId: runtime.id, phase },
          ),
      );
      runtime.phase = next;
      this.log.debug(`plugin ${phase} done`, { plugin: runtime.id, ms: Date.now() - began });
    } catch (error) {
      this.fail(runtime, TesseraError.fromPlugin(runtime.id, phase, error));
    }
  }

  private fail(runtime: PluginRuntime, error: TesseraError): void {
    runtime.phase = 'failed';
    runtime.failure = error;
    this.health.report(runtime.id, { status: 'down', detail: error.message });
    if (runtime.plugin.optional) {
      this.log.warn('optional plugin failed; running degraded', { plugin: runtime.id, error: error.message });
    } else {
      this.log.error('plugin failed', { plugin: runtime.id, error: error.message });
    }
  }

  private lookup(serviceId: string): unknown {
    if (!this.services.has(serviceId)) {
      throw new TesseraError(
        'plugin-dependency-missing',
        `no plugin has provided service "${serviceId}" (yet)`,
        { service: serviceId },
      );
    }
    return this.services.get(serviceId);
  }

  private kernelServices(): KernelServices {
    const manifest = this.deployment.manifest;
    const knownServices = new Set<string>([
      ...KERNEL_SERVICES,
      ...this.services.keys(),
      ...this.deployment.plugins.flatMap((p) => p.provides),
    ]);
    return {
      roles: manifest.roles,
      nodeId: this.deployment.nodeId,
      dataDir: this.deployment.dataDir,
      signal: this.abort.signal,
      knownServices,
      lookup: (id) => this.lookup(id),
      has: (id) => this.services.has(id),
      provide: (runtime, serviceId, value) => this.provide(runtime, serviceId, value),
      implement: (runtime, implementation) => this.implement(runtime, implementation),
      contribute: (runtime, point, value) => this.contribute(runtime, point, value),
      contributions: (runtime, point) => this.contributions(runtime, point),
      reportHealth: (id, report) => this.health.report(id, report),
      announceEndpoint: (id, name, url) => {
        this.endpointMap.set(`${id}.${name}`, url);
        this.log.info('endpoint ready', { plugin: id, name, url });
      },
    };
  }

  private provide(runtime: PluginRuntime, serviceId: string, value: unknown): void {
    const plugin = runtime.plugin;
    this.refuseAfterInit(runtime, 'provide');
    if (!(plugin.manifest.provides ?? []).includes(serviceId)) {
      throw new TesseraError(
        'plugin-manifest-invalid',
        `plugin ${plugin.manifest.id} provided "${serviceId}" without declaring it in tessera.provides`,
        { service: serviceId },
      );
    }
    if (this.registries.has(serviceId)) {
      throw new TesseraError(
        'plugin-manifest-invalid',
        `"${serviceId}" is a named kind: plugin ${plugin.manifest.id} must use ctx.implement()`,
        {},
      );
    }
    this.services.set(serviceId, value);
  }

  private implement(runtime: PluginRuntime, implementation: unknown): void {
    const plugin = runtime.plugin;
    this.refuseAfterInit(runtime, 'implement');
    const registry = this.registries.get(plugin.manifest.kind);
    if (!registry) {
      throw new TesseraError(
        'plugin-manifest-invalid',
        `plugin ${plugin.manifest.id} is of kind ${plugin.manifest.kind}, which has no named registry; use ctx.provide()`,
        {},
      );
    }
    registry.add(plugin.manifest.name!, implementation);
  }

  private contribute(runtime: PluginRuntime, point: ExtensionPoint<unknown>, value: unknown): void {
    this.refuseAfterInit(runtime, 'contribute');
    if (!(runtime.plugin.manifest.contributes ?? []).includes(point.id)) {
      throw new TesseraError(
        'plugin-manifest-invalid',
        `plugin ${runtime.id} contributed to "${point.id}" without declaring it in tessera.contributes`,
        { plugin: runtime.id, extensionPoint: point.id },
      );
    }
    const list = this.contributionMap.get(point.id) ?? [];
    list.push({ runtime, value });
    this.contributionMap.set(point.id, list);
  }

  /** The owner's view: contributions of plugins that did not fail, in start order. */
  private contributions(
    runtime: PluginRuntime,
    point: ExtensionPoint<unknown>,
  ): ReadonlyArray<Contribution<unknown>> {
    if (!(runtime.plugin.manifest.extensionPoints ?? []).includes(point.id)) {
      throw new TesseraError(
        'plugin-manifest-invalid',
        `plugin ${runtime.id} read extension point "${point.id}" without owning it (tessera.extensionPoints)`,
        { plugin: runtime.id, extensionPoint: point.id },
      );
    }
    if (runtime.phase === 'loaded' || runtime.phase === 'resolved') {
      throw new TesseraError(
        'plugin-failed',
        `plugin ${runtime.id} read extension point "${point.id}" while registering; contributions are complete from init on`,
        { plugin: runtime.id, extensionPoint: point.id },
      );
    }
    return Object.freeze(
      (this.contributionMap.get(point.id) ?? [])
        .filter((c) => c.runtime.phase !== 'failed')
        .map((c) => Object.freeze({ pluginId: c.runtime.id, value: c.value })),
    );
  }

  /** Services, implementations and contributions are made while registering or initialising. */
  private refuseAfterInit(runtime: PluginRuntime, what: string): void {
    if (runtime.phase === 'initialized' || runtime.phase === 'started' || runtime.phase === 'stopped') {
      throw new TesseraError(
        'plugin-failed',
        `plugin ${runtime.id} called ctx.${what}() after init; do it in register or init`,
        { plugin: runtime.id },
      );
    }
  }

  /** A code claimed by two plugins' tables, or by a plugin and the core, refuses the start. */
  private checkErrorCodes(): void {
    const owners = new Map<string, string>(Object.keys(ERROR_CODES).map((code) => [code, '@tessera/core']));
    for (const runtime of this.runtimes) {
      if (runtime.phase !== 'loaded') continue;
      for (const table of runtime.definition!.errorCodes ?? []) {
        for (const code of table.codes()) {
          const owner = owners.get(code);
          if (owner && owner !== table.owner) {
            this.fail(
              runtime,
              new TesseraError(
                'plugin-duplicate',
                `error code "${code}" of ${table.owner} (plugin ${runtime.id}) is already defined by ${owner}; a code has one meaning`,
                { code, owners: [owner, table.owner] },
                { pluginId: runtime.id, phase: 'load' },
              ),
            );
          }
          owners.set(code, table.owner);
        }
      }
    }
  }
}
