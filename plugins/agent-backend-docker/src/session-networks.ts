import type Dockerode from 'dockerode';
import { TesseraError, type Logger } from '@tessera/core';
import { dockerMessage, dockerStatus, ignoringGone } from './docker-errors';
import { CONTAINER_LABELS, networkName } from './labels';

/**
 * One bridge network per session, `tessera-<sessionId>`: its kernels on this agent find each
 * other by hostname (main1, sub1, ...), and kernels of other sessions are on other bridges, which
 * dockerd's isolation rules keep apart. The first kernel of a session creates the network, the
 * last one to go removes it; both happen under a per-session lock, so two kernels of one session
 * starting (or ending) at once neither create it twice nor remove it under each other.
 */
export class SessionNetworks {
  /** Kernel ids of this agent attached, or about to be attached, to each session's network. */
  private readonly members = new Map<string, Set<string>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly docker: Dockerode,
    private readonly scope: string,
    private readonly log: Logger,
  ) {}

  /** Makes sure the session's network exists, counting the kernel in; answers its name. */
  acquire(sessionId: string, kernelId: string): Promise<string> {
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
  adopt(sessionId: string, kernelId: string): void {
    const members = this.members.get(sessionId) ?? new Set<string>();
    members.add(kernelId);
    this.members.set(sessionId, members);
  }

  /** Counts the kernel out; removes the network when it was the session's last kernel here. */
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
