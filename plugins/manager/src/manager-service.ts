import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  AgentRpcDirectory,
  AgentSelector,
  ConfigStore,
  Database,
  EventBus,
  EventHandler,
  EventName,
  Hook,
  LockService,
  Logger,
  NamedRegistry,
  Scheduler,
  Subscription,
} from '@tessera/core';
import { buildApiApp } from './api/api-app';
import type { Config } from './config.generated';
import { KernelLauncher } from './scheduling/kernel-launcher';
import { OutcomeRecorder } from './scheduling/outcome-recorder';
import { PassInputLoader } from './scheduling/pass-input-loader';
import { SchedulingDispatcher } from './scheduling/scheduling-dispatcher';
import { SchedulingExplainer } from './scheduling/scheduling-explainer';
import { SchedulingPass } from './scheduling/scheduling-pass';
import { AgentPresenceHandler } from './sessions/agent-presence-handler';
import { KernelLifecycleHandler } from './sessions/kernel-lifecycle-handler';
import { KeyedSerialQueue } from './sessions/keyed-serial-queue';
import { SessionCreator } from './sessions/session-creator';
import { SessionExecutor } from './sessions/session-executor';
import { SessionStatusWatch } from './sessions/session-status-watch';
import { SessionStatusWriter } from './sessions/session-status-writer';
import { SessionTerminator } from './sessions/session-terminator';
import { SlotTypeRegistry } from './sessions/slot-type-registry';

export interface ManagerDependencies {
  config: Config;
  db: Database;
  bus: EventBus;
  lock: LockService;
  schedulers: NamedRegistry<Scheduler>;
  selectors: NamedRegistry<AgentSelector>;
  agents: AgentRpcDirectory;
  configStore?: ConfigStore;
  hooks?: NamedRegistry<Hook>;
  log: Logger;
  /** This node's id: the source of the events the manager publishes. */
  nodeId: string;
  managerVersion: string;
}

/** Events are consumed in this group: one manager handles each anycast event. */
const CONSUMER_GROUP = 'manager';

/**
 * The manager daemon assembled from its parts: the REST API, the session lifecycle event
 * handlers and the scheduling dispatcher. Building it does no I/O; `start` subscribes, starts the
 * dispatcher and listens; `stop` undoes that in reverse.
 */
export class ManagerService {
  readonly dispatcher: SchedulingDispatcher;
  private readonly watch: SessionStatusWatch;
  private readonly lifecycle: KernelLifecycleHandler;
  private readonly agentPresence: AgentPresenceHandler;
  private readonly server: Server;
  private subscriptions: Subscription[] = [];

  constructor(private readonly deps: ManagerDependencies) {
    const { config, db, bus, lock, log, nodeId } = deps;
    const source = `manager:${nodeId}`;
    const queue = new KeyedSerialQueue();
    const writer = new SessionStatusWriter(db, bus, source);
    const slotTypes = new SlotTypeRegistry(log, deps.configStore);
    const requestPass = (resourceGroup: string): void =>
      this.dispatcher.request(resourceGroup, 'slots-released');
    this.watch = new SessionStatusWatch(db.sessions);
    this.agentPresence = new AgentPresenceHandler(db, slotTypes, log);
    const terminator = new SessionTerminator({
      db,
      lock,
      agents: deps.agents,
      writer,
      watch: this.watch,
      log,
      terminateTimeoutMs: config.session.terminateTimeout * 1000,
    });
    this.lifecycle = new KernelLifecycleHandler({
      db,
      writer,
      queue,
      log,
      onSlotsReleased: requestPass,
      onKernelEnded: (sessionId, reason) => void terminator.endRemainingKernels(sessionId, reason),
    });
    const launcher = new KernelLauncher({
      db,
      agents: deps.agents,
      writer,
      queue,
      log,
      onSlotsReleased: requestPass,
    });
    const loader = new PassInputLoader({
      db,
      slotTypes,
      maxContainerCount: config.scheduler.maxContainerCount,
      ...(deps.configStore ? { configStore: deps.configStore } : {}),
    });
    const implementations = {
      schedulers: deps.schedulers,
      selectors: deps.selectors,
      policies: config.scheduler.resourceGroups,
      ...(deps.hooks ? { hooks: deps.hooks } : {}),
    };
    const pass = new SchedulingPass({
      ...implementations,
      db,
      bus,
      lock,
      loader,
      recorder: new OutcomeRecorder(writer, log),
      launcher,
      writer,
      log,
      source,
      lockTimeoutMs: config.scheduler.lockTimeout * 1000,
      lockTtlMs: config.scheduler.lockLifetime * 1000,
    });
    this.dispatcher = new SchedulingDispatcher({
      runPass: (group) => pass.run(group),
      pendingGroups: async () => [
        ...new Set((await db.sessions.listByStatus(['PENDING'])).map((s) => s.resourceGroup)),
      ],
      log,
      tickIntervalMs: config.scheduler.tickInterval * 1000,
    });
    const app = buildApiApp({
      db,
      log,
      managerVersion: deps.managerVersion,
      maxClockSkewMs: config.auth.maxClockSkew * 1000,
      allowGraphqlIntrospection: config.api.allowGraphqlSchemaIntrospection,
      hideAgents: config.api.hideAgents,
      creator: new SessionCreator({
        db,
        bus,
        lock,
        slotTypes,
        watch: this.watch,
        log,
        source,
        defaultResourceGroup: config.scheduler.defaultResourceGroup,
        defaultStartTimeoutMs: config.session.defaultStartTimeout * 1000,
      }),
      terminator,
      executor: new SessionExecutor(deps.agents),
      explainer: new SchedulingExplainer({ ...implementations, loader, log }),
    });
    this.server = createServer(app.callback());
  }

  async start(): Promise<void> {
    try {
      await this.subscribe();
      this.dispatcher.start();
      const { host, port } = this.deps.config.service;
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(port, host, () => {
          this.server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.deps.log.info('manager API listening', { url: this.url() });
  }

  /** The API's base URL once listening (`http://127.0.0.1:8091`). */
  url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) return '';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async stop(): Promise<void> {
    this.watch.stop();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
    await this.dispatcher.stop();
  }

  private async subscribe(): Promise<void> {
    const on = async <N extends EventName>(name: N, handler: EventHandler<N>): Promise<void> => {
      this.subscriptions.push(await this.deps.bus.subscribe(name, CONSUMER_GROUP, handler));
    };
    await on('agent_heartbeat', async (event) => {
      // A pass only when the agent is new, came back, or reports a different capacity.
      if (await this.agentPresence.heartbeat(event.payload))
        this.dispatcher.request(event.payload.resourceGroup, 'agent_heartbeat');
    });
    await on('agent_started', async () => this.dispatcher.requestAllPending('agent_started'));
    await on('agent_terminated', (event) => this.agentPresence.terminated(event.payload));
    await on('kernel_preparing', (event) => this.lifecycle.preparing(event.payload));
    await on('kernel_pulling', (event) => this.lifecycle.pulling(event.payload));
    await on('image_pull_finished', (event) => this.lifecycle.imagePulled(event.payload));
    await on('kernel_creating', (event) => this.lifecycle.creating(event.payload));
    await on('kernel_started', (event) => this.lifecycle.started(event.payload));
    await on('kernel_terminating', (event) => this.lifecycle.terminating(event.payload));
    await on('kernel_terminated', (event) => this.lifecycle.terminated(event.payload));
    await on('kernel_cancelled', (event) => this.lifecycle.cancelled(event.payload));
    await on('session_enqueued', (event) =>
      this.dispatcher.request(event.payload.resourceGroup, 'session_enqueued'),
    );
    // A session that ended may be the dependency pending sessions wait for.
    await on('session_terminated', () => this.dispatcher.requestAllPending('session_terminated'));
    await on('do_schedule', async (event) => {
      if (event.payload.resourceGroup) this.dispatcher.request(event.payload.resourceGroup, 'do_schedule');
      else await this.dispatcher.requestAllPending('do_schedule');
    });
    await on('session_status_changed', (event) => this.watch.notify(event.payload.sessionId));
  }
}
