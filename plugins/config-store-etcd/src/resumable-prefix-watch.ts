import { once } from 'node:events';
import type { IEvent, IWatchResponse, Namespace, Range, Watcher } from 'etcd3';

/** What a watch tells its owner besides the events themselves. */
export interface WatchObserver {
  /** A change under the prefix, in revision order, each exactly once. */
  change(event: IEvent): void;
  /** The stream to etcd broke; the watch reconnects by itself. */
  disconnected(reason: Error): void;
  /** The stream is back and the changes made meanwhile are being replayed. */
  reconnected(): void;
  /** etcd ended the watch for good (history compacted past the resume point, or permission lost). */
  failed(reason: Error): void;
}

/**
 * A watch over a range of etcd keys that survives reconnects without losing or repeating events.
 *
 * etcd3's watcher already re-subscribes after a broken stream, starting from "the last revision
 * it saw plus one". But it takes that revision from response headers, and two kinds of header
 * name a revision beyond what was delivered: the answer to the (re-)create request, and each
 * batch of a replay (etcd stamps both with the store's current revision). A stream that broke
 * right after a reconnect, or in the middle of a long replay, would resume past events never
 * delivered. So this class keeps its own resume point, `delivered`: the highest revision whose
 * events (under the watched range) have all been handed over. It moves only on event revisions
 * (etcd never splits a revision across responses) and on progress notifications (which etcd sends
 * to caught-up watchers only), and it overrides the revision etcd3 sends each time the watcher
 * re-subscribes. Events at or below it are dropped, so nothing is delivered twice.
 */
export class ResumablePrefixWatch {
  private delivered = 0n;
  private cancelled = false;

  private constructor(
    private readonly watcher: Watcher,
    private readonly observer: WatchObserver,
  ) {}

  /**
   * Opens the watch; resolves once etcd has accepted it, so every later change is seen. Rejects
   * when etcd does not accept it within `timeoutMs` (etcd3 alone would keep trying forever).
   */
  static async open(
    namespace: Namespace,
    range: Range,
    observer: WatchObserver,
    timeoutMs: number,
  ): Promise<ResumablePrefixWatch> {
    const watcher = namespace.watch().inRange(range).watcher();
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      // `once` also rejects when the watcher emits 'error' (etcd refused the watch).
      await once(watcher, 'connected', { signal: timeout });
    } catch (error) {
      await watcher.cancel().catch(() => undefined);
      throw timeout.aborted ? new Error(`no answer to the watch request within ${timeoutMs} ms`) : error;
    }
    const watch = new ResumablePrefixWatch(watcher, observer);
    // etcd3 sets the next start revision to (created header revision + 1) on the first connect:
    // on a fresh watch that is exactly "everything after now".
    watch.delivered = BigInt(watcher.lastRevision() ?? 1) - 1n;
    watch.listen();
    return watch;
  }

  /** The highest revision whose changes were all delivered (for tests and diagnostics). */
  get deliveredRevision(): bigint {
    return this.delivered;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.watcher.cancel();
  }

  private listen(): void {
    this.watcher.on('connecting', () => {
      // Runs synchronously before etcd3 writes the create request: resume where delivery stopped.
      this.watcher.request.start_revision = (this.delivered + 1n).toString();
    });
    this.watcher.on('data', (response) => this.receive(response));
    this.watcher.on('disconnected', (reason) => {
      if (!this.cancelled) this.observer.disconnected(reason);
    });
    this.watcher.on('connected', () => {
      if (!this.cancelled) this.observer.reconnected();
    });
    this.watcher.on('error', (reason) => {
      if (!this.cancelled) this.observer.failed(reason);
    });
  }

  private receive(response: IWatchResponse): void {
    if (response.events.length === 0) {
      // A progress notification: etcd sends them only to watchers that have caught up.
      const revision = BigInt(response.header.revision);
      if (revision > this.delivered) this.delivered = revision;
      return;
    }
    for (const event of response.events) {
      const revision = BigInt(event.kv.mod_revision);
      if (revision <= this.delivered) continue;
      if (!this.cancelled) this.observer.change(event);
    }
    const last = BigInt(response.events[response.events.length - 1].kv.mod_revision);
    if (last > this.delivered) this.delivered = last;
  }
}
