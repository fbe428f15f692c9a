import type { Logger } from '@tessera/core';
import type Redis from 'ioredis';
import type { RedisBusOptions } from './bus-options';
import { deliverEntry, type DeliveryContext } from './deliver-entry';
import type { HandlerTable } from './handler-table';
import { closeConnection } from './redis-connections';
import {
  isGroupExistsError,
  isMissingGroupError,
  parseAutoClaimReply,
  parsePendingDetails,
  parseReadReply,
  type StreamEntry,
} from './redis-replies';
import { abortable, Backoff, settleWithin, sleep } from './timing';

export interface GroupConsumerParts {
  /** Shared, non-blocking: acknowledgements, claims, XPENDING, CLIENT UNBLOCK. */
  commands: Redis;
  /** This consumer's own connection for blocking XREADGROUP. */
  reader: Redis;
  options: RedisBusOptions;
  group: string;
  handlers: HandlerTable;
  log: Logger;
}

/**
 * How a consumer stops. `finish-batch` (the bus closes): handle the entries already read, then
 * stop. `now` (the last local handler of the group left): stop between two entries, leaving the
 * rest pending for the group's other consumers to claim.
 */
export type StopMode = 'finish-batch' | 'now';

const READ_INTERRUPT_LIMIT_MS = 1000;
const RELEASE_LIMIT_MS = 1000;

/**
 * This process's consumer in one consumer group of the stream. One loop reads the group's entries
 * and hands them one at a time, in stream order, to the local handlers (so a kernel's
 * `kernel_creating` is handled before its `kernel_started`), and acknowledges each after its
 * handler resolved. The loop:
 * 1. reads its own pending entries (id `0`) first: at start and after every error, so entries
 *    delivered just before a connection dropped are handled before newer ones;
 * 2. claims (XAUTOCLAIM) entries other consumers left pending longer than `claimIdleMs`, so a
 *    crashed consumer's entries are handled by the others;
 * 3. blocks on new entries (`>`) for up to `blockMs`.
 * Errors (Redis restarting) are retried with a bounded backoff; a group lost with its stream is
 * created again, loudly, because the events published meanwhile are gone.
 */
export class GroupConsumer {
  private readonly stopReading = new AbortController();
  private readonly stopHandling = new AbortController();
  private readonly acks = new Set<Promise<void>>();
  private readonly unacked = new Set<string>();
  private readonly claimIntervalMs: number;
  private readonly delivery: DeliveryContext;
  private readerId?: number;
  private reading = false;
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  private loop: Promise<void> = Promise.resolve();
  /** Resolves once the group exists and the loop runs; rejects when the group could not be created. */
  started: Promise<void> = Promise.resolve();

  constructor(private readonly parts: GroupConsumerParts) {
    this.claimIntervalMs = Math.max(100, Math.min(parts.options.claimIdleMs / 2, 30_000));
    this.delivery = {
      stream: parts.options.stream,
      group: parts.group,
      handlers: parts.handlers,
      policy: parts.options,
      signal: this.stopHandling.signal,
      log: parts.log,
    };
    parts.reader.on('close', () => (this.readerId = undefined));
    parts.reader.on('error', (error: Error) =>
      parts.log.debug('event stream reader connection error', { group: parts.group, error: error.message }),
    );
  }

  get group(): string {
    return this.parts.group;
  }

  /** Creates the group when missing (once `previous`, an earlier consumer of the group, stopped), then loops. */
  start(previous?: Promise<void>): Promise<void> {
    this.started = (async () => {
      await previous;
      await this.createGroup(false);
    })();
    this.loop = this.started.then(
      () => this.run(),
      () => undefined,
    );
    return this.started;
  }

  async stop(mode: StopMode): Promise<void> {
    this.stopReading.abort();
    if (mode === 'now') this.stopHandling.abort();
    await this.interruptRead();
    await this.loop;
    await this.release();
    await closeConnection(this.parts.reader, RELEASE_LIMIT_MS);
  }

  private async run(): Promise<void> {
    const { log, group, options } = this.parts;
    const backoff = new Backoff(100, 2000);
    let history = true;
    while (!this.stopReading.signal.aborted) {
      try {
        await this.flushAcks();
        if (history) history = (await this.readHistory()) > 0;
        else if (Date.now() >= this.nextClaimAt) await this.claimIdle();
        else await this.readNew();
        backoff.reset();
      } catch (error) {
        if (this.stopReading.signal.aborted) break;
        history = true;
        if (isMissingGroupError(error) && (await this.recreateGroup())) continue;
        const delayMs = backoff.next();
        log.warn('event stream read failed; retrying', {
          stream: options.stream,
          group,
          delayMs,
          error: error instanceof Error ? error.message : String(error),
        });
        await sleep(delayMs, this.stopReading.signal);
      }
    }
  }

  private async createGroup(recreating: boolean): Promise<void> {
    const { commands, options, group, log } = this.parts;
    try {
      await commands.xgroup('CREATE', options.stream, group, '$', 'MKSTREAM');
    } catch (error) {
      if (isGroupExistsError(error)) return;
      throw error;
    }
    if (recreating) {
      log.error(
        'consumer group was missing, created it again: events published while it was missing are lost',
        {
          stream: options.stream,
          group,
        },
      );
    } else {
      log.info('consumer group created', { stream: options.stream, group });
    }
  }

  private async recreateGroup(): Promise<boolean> {
    try {
      await this.io(this.createGroup(true));
      return true;
    } catch {
      return false;
    }
  }

  /** Pending entries of this consumer (delivered before, never acknowledged). Resolves with how many. */
  private async readHistory(): Promise<number> {
    const entries = parseReadReply(await this.read('0', false));
    if (entries.length > 0) await this.handleAll(entries, await this.deliveries(entries));
    return entries.length;
  }

  private async readNew(): Promise<void> {
    const entries = parseReadReply(await this.read('>', true));
    await this.handleAll(entries, new Map());
  }

  /** One XAUTOCLAIM page; the next claim round starts `claimIntervalMs` after a full pass. */
  private async claimIdle(): Promise<void> {
    const { commands, options, group, log } = this.parts;
    const reply = parseAutoClaimReply(
      await this.io(
        commands.xautoclaim(
          options.stream,
          group,
          options.consumer,
          options.claimIdleMs,
          this.claimCursor,
          'COUNT',
          options.batchSize,
        ),
      ),
    );
    this.claimCursor = reply.cursor;
    if (reply.cursor === '0-0') this.nextClaimAt = Date.now() + this.claimIntervalMs;
    if (reply.deletedIds.length > 0) {
      log.error(
        'pending events were trimmed or deleted from the stream before they were handled; they are lost',
        {
          stream: options.stream,
          group,
          count: reply.deletedIds.length,
          ids: reply.deletedIds.slice(0, 10),
        },
      );
    }
    if (reply.entries.length === 0) return;
    log.info('claimed events another consumer left pending', {
      stream: options.stream,
      group,
      count: reply.entries.length,
    });
    await this.handleAll(reply.entries, await this.deliveries(reply.entries));
  }

  private async read(from: '0' | '>', block: boolean): Promise<unknown> {
    const { reader, options, group } = this.parts;
    if (this.readerId === undefined) this.readerId = Number(await reader.client('ID'));
    if (this.stopReading.signal.aborted) return null;
    const { stream, consumer, batchSize, blockMs } = options;
    this.reading = true;
    try {
      // The named command, not `call`: ioredis maps its RESP3 reply to the documented array shape.
      return block
        ? await reader.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            batchSize,
            'BLOCK',
            blockMs,
            'STREAMS',
            stream,
            from,
          )
        : await reader.xreadgroup('GROUP', group, consumer, 'COUNT', batchSize, 'STREAMS', stream, from);
    } finally {
      this.reading = false;
    }
  }

  /** How many times each entry (now pending for this consumer) has been delivered, this time included. */
  private async deliveries(entries: StreamEntry[]): Promise<Map<string, number>> {
    const { commands, options, group } = this.parts;
    const reply = await this.io(
      commands.xpending(
        options.stream,
        group,
        entries[0]!.id,
        entries[entries.length - 1]!.id,
        entries.length,
        options.consumer,
      ),
    );
    return parsePendingDetails(reply);
  }

  private async handleAll(entries: StreamEntry[], deliveries: Map<string, number>): Promise<void> {
    for (const entry of entries) {
      if (this.stopHandling.signal.aborted) return;
      const outcome = await deliverEntry(entry, deliveries.get(entry.id) ?? 1, this.delivery);
      if (outcome === 'acknowledge') this.ack(entry.id);
    }
  }

  /** Acknowledges without waiting; a failed acknowledgement is retried before the next read. */
  private ack(id: string): void {
    const { commands, options, group } = this.parts;
    const sent: Promise<void> = commands.xack(options.stream, group, id).then(
      () => undefined,
      () => void this.unacked.add(id),
    );
    this.acks.add(sent);
    void sent.finally(() => this.acks.delete(sent));
  }

  private async flushAcks(): Promise<void> {
    const { commands, options, group } = this.parts;
    if (this.acks.size > 0) await this.io(Promise.all([...this.acks]));
    if (this.unacked.size === 0) return;
    const ids = [...this.unacked];
    await this.io(commands.xack(options.stream, group, ...ids));
    for (const id of ids) this.unacked.delete(id);
  }

  /** Ends a blocked XREADGROUP at once (CLIENT UNBLOCK); drops the reader's socket if that does not work. */
  private async interruptRead(): Promise<void> {
    const deadline = Date.now() + READ_INTERRUPT_LIMIT_MS;
    while (this.reading && Date.now() < deadline) {
      if (this.readerId !== undefined) {
        await settleWithin(this.parts.commands.call('CLIENT', 'UNBLOCK', String(this.readerId)), 200);
      }
      if (this.reading) await sleep(20);
    }
    if (this.reading) this.parts.reader.disconnect();
  }

  /** Sends the last acknowledgements and, when nothing is left pending for it, removes this consumer from the group. */
  private async release(): Promise<void> {
    const { commands, options, group } = this.parts;
    await settleWithin(
      (async () => {
        await Promise.all([...this.acks]);
        if (this.unacked.size > 0) await commands.xack(options.stream, group, ...this.unacked);
        const mine = parsePendingDetails(
          await commands.xpending(options.stream, group, '-', '+', 1, options.consumer),
        );
        if (mine.size === 0) await commands.xgroup('DELCONSUMER', options.stream, group, options.consumer);
      })(),
      RELEASE_LIMIT_MS,
    );
  }

  /** Redis I/O of the loop, abandoned when the consumer stops (an outage must not hold up a stop). */
  private io<T>(promise: Promise<T>): Promise<T> {
    return abortable(promise, this.stopReading.signal);
  }
}
