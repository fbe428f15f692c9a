import {
  EVENT_DELIVERY,
  type EventBus,
  type EventEnvelope,
  type EventHandler,
  type EventName,
  type EventPayloads,
  type HealthReport,
  type Logger,
  type Subscription,
} from '@tessera/core';
import type Redis from 'ioredis';
import { BroadcastListener } from './broadcast-listener';
import { encodeBroadcast } from './broadcast-message';
import type { RedisBusOptions } from './bus-options';
import { EventBusErrors } from './event-bus-errors';
import { GroupConsumer, type StopMode } from './group-consumer';
import { HandlerTable, type AnyHandler } from './handler-table';
import { addressOf, closeConnection, createConnection } from './redis-connections';
import { parseGroupsReply } from './redis-replies';
import { encodeEntry } from './stream-entry';
import { compareStreamIds } from './stream-id';
import { StreamTrimmer } from './stream-trimmer';
import { sleep } from './timing';

type State = 'open' | 'closing' | 'closed';

/**
 * event-bus/v1 on Redis, the way Backend.AI uses it:
 * - anycast events are entries of one stream (`events`); each subscriber `group` is a Redis
 *   consumer group in which this process has one consumer (see {@link GroupConsumer}), so every
 *   group handles each event once across all processes, in stream order per consumer;
 * - broadcast events go over a pub/sub channel (`events_all`) to every subscriber.
 * Publishing resolves once Redis appended the entry (durable as far as Redis persists it).
 */
export class RedisEventBus implements EventBus {
  private readonly commands: Redis;
  private readonly handlers = new HandlerTable();
  private readonly consumers = new Map<string, GroupConsumer>();
  private readonly retiring = new Map<string, Promise<void>>();
  private readonly broadcasts: BroadcastListener;
  private readonly trimmer: StreamTrimmer;
  private readonly address: string;
  private state: State = 'open';
  private waitingPublishes = 0;
  private lastEntryId?: string;
  private broadcastsPublished = 0;
  private connectionLost = false;

  constructor(
    readonly options: RedisBusOptions,
    private readonly log: Logger,
    private readonly reportHealth: (report: HealthReport) => void = () => undefined,
  ) {
    this.commands = createConnection(options, 'commands');
    this.address = addressOf(this.commands);
    this.broadcasts = new BroadcastListener(createConnection(options, 'subscriber'), options.channel, log);
    this.trimmer = new StreamTrimmer(this.commands, options.stream, options.maxLength, log);
    this.watchConnection();
  }

  /** Connects and checks that Redis answers; throws `event-bus-unavailable` when it does not. */
  async connect(): Promise<void> {
    try {
      if (this.commands.status === 'wait') await this.commands.connect();
      await this.commands.ping();
    } catch (error) {
      this.commands.disconnect();
      throw EventBusErrors.unreachable(this.address, error);
    }
    this.log.info('event bus connected', {
      redis: this.address,
      db: this.commands.options.db,
      stream: this.options.stream,
      channel: this.options.channel,
      consumer: this.options.consumer,
    });
    this.reportHealth({ status: 'ok' });
  }

  async publish<N extends EventName>(name: N, payload: EventPayloads[N], source: string): Promise<void> {
    if (this.state !== 'open') throw EventBusErrors.closed(`publish ${name}`);
    const delivery = EVENT_DELIVERY[name];
    if (delivery === undefined) throw EventBusErrors.unknownEvent(name);
    if (this.commands.status !== 'ready' && this.waitingPublishes >= this.options.offlineQueueLimit) {
      throw EventBusErrors.offlineQueueFull(name, this.address, this.options.offlineQueueLimit);
    }
    const event = { name, source, payload } as EventEnvelope;
    this.waitingPublishes++;
    try {
      if (delivery === 'broadcast') {
        await this.commands.publish(this.options.channel, encodeBroadcast(event));
        this.broadcastsPublished++;
      } else {
        const id = await this.commands.xadd(this.options.stream, '*', ...encodeEntry(event));
        if (id && (!this.lastEntryId || compareStreamIds(id, this.lastEntryId) > 0)) this.lastEntryId = id;
        this.trimmer.noteAppend();
      }
    } catch (error) {
      throw EventBusErrors.publishFailed(name, this.address, error);
    } finally {
      this.waitingPublishes--;
    }
  }

  async subscribe<N extends EventName>(
    name: N,
    group: string,
    handler: EventHandler<N>,
  ): Promise<Subscription> {
    if (this.state !== 'open') throw EventBusErrors.closed(`subscribe to ${name}`);
    const run = handler as AnyHandler;
    try {
      if (EVENT_DELIVERY[name] === 'broadcast') {
        const remove = await this.broadcasts.add(name, run);
        return { unsubscribe: async () => remove() };
      }
      return await this.subscribeAnycast(name, group, run);
    } catch (error) {
      throw EventBusErrors.subscribeFailed(name, group, error);
    }
  }

  /**
   * Resolves once every event this bus published so far was handled here: each consumer group
   * this process consumes has been delivered past the last published entry and has nothing
   * pending, and every broadcast came back and ran. For tests, benchmarks and orderly shutdowns.
   */
  async drain(timeoutMs = 30_000): Promise<void> {
    const target = this.lastEntryId;
    const broadcasts = this.broadcastsPublished;
    const deadline = Date.now() + timeoutMs;
    while (!(this.broadcasts.caughtUp(broadcasts) && (await this.streamCaughtUp(target)))) {
      if (Date.now() > deadline) throw EventBusErrors.notDrained(timeoutMs);
      await sleep(10);
    }
  }

  /** Stops reading events (the kernel is stopping); publishing still works until `close`. */
  async stopConsuming(mode: StopMode = 'finish-batch'): Promise<void> {
    const stopping = [...this.consumers.values()].map((consumer) => consumer.stop(mode));
    this.consumers.clear();
    await Promise.all([...stopping, ...this.retiring.values()]);
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    await this.stopConsuming();
    await this.broadcasts.close();
    await this.trimmer.idle();
    await closeConnection(this.commands);
    this.state = 'closed';
    this.log.info('event bus closed', { redis: this.address });
  }

  private async subscribeAnycast(name: EventName, group: string, handler: AnyHandler): Promise<Subscription> {
    const remove = this.handlers.add(group, name, handler);
    let consumer = this.consumers.get(group);
    if (!consumer) {
      consumer = new GroupConsumer({
        commands: this.commands,
        reader: createConnection({ ...this.options }, 'reader'),
        options: this.options,
        group,
        handlers: this.handlers,
        log: this.log,
      });
      this.consumers.set(group, consumer);
      consumer.start(this.retiring.get(group));
    }
    try {
      await consumer.started;
    } catch (error) {
      remove();
      if (this.consumers.get(group) === consumer) this.retire(group);
      throw error;
    }
    let active = true;
    return {
      unsubscribe: async () => {
        if (!active) return;
        active = false;
        remove();
        if (!this.handlers.hasGroup(group)) this.retire(group);
      },
    };
  }

  /**
   * Stops the group's consumer when no local handler of the group is left (it would otherwise
   * take entries away from the group's other processes). Not awaited: an unsubscribe from inside a
   * handler must not wait for that handler.
   */
  private retire(group: string): void {
    const consumer = this.consumers.get(group);
    if (!consumer) return;
    this.consumers.delete(group);
    const stopped = consumer.stop('now').finally(() => {
      if (this.retiring.get(group) === stopped) this.retiring.delete(group);
    });
    this.retiring.set(group, stopped);
  }

  private async streamCaughtUp(target: string | undefined): Promise<boolean> {
    if (target === undefined || this.consumers.size === 0) return true;
    const groups = parseGroupsReply(await this.commands.xinfo('GROUPS', this.options.stream));
    return [...this.consumers.keys()].every((name) => {
      const group = groups.find((candidate) => candidate.name === name);
      return (
        group !== undefined && group.pending === 0 && compareStreamIds(group.lastDeliveredId, target) >= 0
      );
    });
  }

  private watchConnection(): void {
    this.commands.on('error', (error: Error) =>
      this.log.debug('redis connection error', { redis: this.address, error: error.message }),
    );
    this.commands.on('reconnecting', () => {
      if (this.connectionLost || this.state !== 'open') return;
      this.connectionLost = true;
      this.log.warn('redis connection lost; reconnecting', { redis: this.address });
      this.reportHealth({ status: 'degraded', detail: `Redis at ${this.address} unreachable; reconnecting` });
    });
    this.commands.on('ready', () => {
      if (!this.connectionLost) return;
      this.connectionLost = false;
      this.log.info('redis connection restored', { redis: this.address });
      this.reportHealth({ status: 'ok' });
    });
  }
}
