import { configType, definePlugin, EventBus } from '@tessera/core';
import { resolveBusOptions } from './bus-options';
import type { Config } from './config.generated';
import { RedisEventBus } from './redis-event-bus';

export { RedisEventBus } from './redis-event-bus';
export { resolveBusOptions, type RedisBusOptions } from './bus-options';
export type { Config } from './config.generated';
// The bus's building blocks, for their unit tests.
export { encodeBroadcast, decodeBroadcast } from './broadcast-message';
export { deliverEntry, type DeliveryContext, type DeliveryOutcome } from './deliver-entry';
export { runWithRetries, type HandlingOutcome, type RetryPolicy } from './handler-retries';
export { HandlerTable, type AnyHandler } from './handler-table';
export { encodeEntry, decodeEntry, type DecodedEntry } from './stream-entry';
export { compareStreamIds, earlierStreamId, nextStreamId } from './stream-id';
export { oldestNeededId, StreamTrimmer, type GroupNeeds } from './stream-trimmer';

export default definePlugin({
  config: configType<Config>(),
  async init(ctx) {
    const bus = new RedisEventBus(resolveBusOptions(ctx.config, ctx.nodeId), ctx.log, (report) =>
      ctx.reportHealth(report),
    );
    await bus.connect();
    // The kernel is stopping: take no new events; publishing works until `stop` closes the bus.
    ctx.signal.addEventListener(
      'abort',
      () =>
        void bus
          .stopConsuming()
          .catch((error: unknown) =>
            ctx.log.warn('event consumers did not stop cleanly', { error: String(error) }),
          ),
      { once: true },
    );
    ctx.provide(EventBus, bus);
    return bus;
  },
  async stop(bus) {
    await bus.close();
  },
});
