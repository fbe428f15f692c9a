import type Dockerode from 'dockerode';
import { TesseraError, type Logger } from '@tessera/core';
import type { Config } from './config.generated';
import { dockerMessage, dockerStatus, ignoringGone } from './docker-errors';
import { CONTAINER_LABELS, networkName } from './labels';

/** The engine's default bridge network. */
export const DEFAULT_BRIDGE = 'bridge';
/** The bridge driver option that says whether containers on one bridge may talk to each other. */
const ICC_OPTION = 'com.docker.network.bridge.enable_icc';

/**
 * Where each kernel's container is attached. A session with several kernels gets a bridge network
 * of its own, `tessera-<sessionId>`: its kernels on this agent find each other by hostname (main1,
 * sub1, ...), and kernels of other sessions are on other bridges, which dockerd's isolation rules
 * keep apart. The first kernel of a session creates the network, the last one to go removes it;
 * both happen under a per-session lock, so two kernels of one session starting (or ending) at once
 * neither create it twice nor remove it under each other.
 *
 * A session with one kernel gets the same unless `singleKernelNetwork` says otherwise: `bridge`
 * puts it on the engine's default bridge (no network to create, a cheaper join), and `auto` does
 * so only when that bridge keeps its containers apart (dockerd `--icc=false`).
 */
export class SessionNetworks {
  /** Kernel ids of this agent attached, or about to be attached, to each session's network. */
  private readonly members = new Map<string, Set<string>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private defaultBridgeChoice?: Promise<boolean>;

  constructor(
    private readonly docker: Dockerode,
    private readonly scope: string,
    private readonly singleKernel: Config['singleKernelNetwork'],
    private readonly log: Logger,
  ) {}

  /**
   * The network a kernel joins: the default bridge for a single-kernel session when the setting
   * allows it, else its session's network, made if needed and counting the kernel in.
   */
  async acquire(sessionId: string, kernelId: string, clusterSize: number): Promise<string> {
    if (clusterSize <= 1 && (await this.singleKernelsOnDefaultBridge())) return DEFAULT_BRIDGE;
    return this.locked(sessionId, async () => {
      const name = networkName(sessionId);
      const members = this.members.get(sessionId) ?? new Set<string>();
      if (members.size === 0) await this.ensure(sessionId, name);
      members.add(kernelId);
      this.members.set(sessionId, members);
      return name;
    });
  }

  /** Counts a kernel found again after a restart in (its network exists: the kernel is on it). */
  adopt(sessionId: string, kernelId: string, network: string): void {
    if (network === DEFAULT_BRIDGE) return;
    const members = this.members.get(sessionId) ?? new Set<string>();
    members.add(kernelId);
    this.members.set(sessionId, members);
  }

  /**
   * Counts the kernel out; removes the network when it was the session's last kernel here. A
   * kernel on the default bridge was never counted in: nothing happens.
   */
  release(sessionId: string, kernelId: string): Promise<void> {
    return this.locked(sessionId, async () => {
      const members = this.members.get(sessionId);
      if (!members?.delete(kernelId) || members.size > 0) return;
      this.members.delete(sessionId);
      await this.remove(networkName(sessionId));
    });
  }

  /** Removes this scope's session networks no kernel of this agent uses (after a restart). */
  async removeUnused(): Promise<void> {
    const networks = await this.docker.listNetworks({
      filters: { label: [`${CONTAINER_LABELS.scope}=${this.scope}`, `${CONTAINER_LABELS.managed}=1`] },
    });
    for (const network of networks) {
      const sessionId = network.Labels?.[CONTAINER_LABELS.sessionId];
      if (sessionId && this.members.has(sessionId)) continue;
      await this.locked(sessionId ?? network.Name, () => this.remove(network.Name));
    }
  }

  /** Decided once per process: whether single-kernel sessions go on the default bridge. */
  private singleKernelsOnDefaultBridge(): Promise<boolean> {
    this.defaultBridgeChoice ??= this.decideDefaultBridge();
    return this.defaultBridgeChoice;
  }

  private async decideDefaultBridge(): Promise<boolean> {
    if (this.singleKernel === 'session') return false;
    const bridge = await ignoringGone(() => this.docker.getNetwork(DEFAULT_BRIDGE).inspect()).catch(
      (error: unknown) => {
        this.log.warn('cannot inspect the default bridge network', { error: dockerMessage(error) });
        return undefined;
      },
    );
    const isolated = bridge?.Options?.[ICC_OPTION] === 'false';
    if (this.singleKernel === 'bridge') {
      if (!isolated) {
        this.log.warn(
          'single-kernel sessions share the default bridge, where their kernels can reach each other; run dockerd with --icc=false to keep them apart',
          { singleKernelNetwork: 'bridge' },
        );
      }
      return true;
    }
    this.log.info(
      isolated
        ? 'single-kernel sessions go on the default bridge (inter-container communication is off there)'
        : 'single-kernel sessions get a network of their own (the default bridge lets containers talk to each other)',
      { singleKernelNetwork: 'auto' },
    );
    return isolated;
  }

  private async ensure(sessionId: string, name: string): Promise<void> {
    const existing = await ignoringGone(() => this.docker.getNetwork(name).inspect());
    if (existing) return;
    try {
      await this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Internal: false,
        Labels: {
          [CONTAINER_LABELS.sessionId]: sessionId,
          [CONTAINER_LABELS.scope]: this.scope,
          [CONTAINER_LABELS.managed]: '1',
        },
        Options: { 'com.docker.network.bridge.enable_icc': 'true' },
      });
      this.log.info('session network created', { sessionId, network: name });
    } catch (error) {
      // Another process of this engine made it in between: use it.
      if (dockerStatus(error) === 409) return;
      throw new TesseraError(
        'session-start-failed',
        `Cannot create the session's network ${name}: ${dockerMessage(error)}`,
        { sessionId, network: name },
        {},
        { cause: error },
      );
    }
  }

  private async remove(name: string): Promise<void> {
    try {
      const network = await ignoringGone(() => this.docker.getNetwork(name).inspect());
      // A network of another agent's scope (one session across two agents of one engine) is theirs.
      if (!network || network.Labels?.[CONTAINER_LABELS.scope] !== this.scope) return;
      await ignoringGone(() => this.docker.getNetwork(name).remove());
      this.log.info('session network removed', { network: name });
    } catch (error) {
      this.log.warn('cannot remove a session network', { network: name, error: dockerMessage(error) });
    }
  }

  private locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }
}
