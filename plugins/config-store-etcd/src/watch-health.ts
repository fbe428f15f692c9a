import type { HealthReport, Logger } from '@tessera/core';

/**
 * Turns the connection state of the store's watches into log lines and a health report: the
 * plugin is degraded while any watch has lost its stream to etcd (config changes are not seen
 * until it is back; the watch replays them then), and says so once per outage, not per retry.
 */
export class WatchHealth {
  private readonly disconnectedWatches = new Set<object>();
  private readonly failedPrefixes = new Set<string>();

  constructor(
    private readonly log: Logger,
    private readonly report: (health: HealthReport) => void,
  ) {}

  disconnected(watch: object, prefix: string, reason: Error): void {
    if (this.disconnectedWatches.has(watch)) return;
    this.disconnectedWatches.add(watch);
    this.log.warn('config watch lost etcd; reconnecting', { prefix, error: reason.message });
    this.update();
  }

  reconnected(watch: object, prefix: string): void {
    if (!this.disconnectedWatches.delete(watch)) return;
    this.log.info('config watch reconnected; replaying changes made meanwhile', { prefix });
    this.update();
  }

  /** A watch that could not be opened again: its prefix is no longer watched. */
  failed(prefix: string, reason: Error): void {
    this.failedPrefixes.add(prefix);
    this.log.error('config watch could not be opened again; its changes are no longer seen', {
      prefix,
      error: reason.message,
    });
    this.update();
  }

  forget(watch: object): void {
    if (this.disconnectedWatches.delete(watch)) this.update();
  }

  private update(): void {
    if (this.failedPrefixes.size > 0) {
      this.report({ status: 'degraded', detail: `not watching ${[...this.failedPrefixes].join(', ')}` });
    } else if (this.disconnectedWatches.size > 0) {
      this.report({ status: 'degraded', detail: 'watches lost etcd and are reconnecting' });
    } else {
      this.report({ status: 'ok' });
    }
  }
}
