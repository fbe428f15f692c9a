import { describeEventBusConformance } from '@tessera/core/testing';
import { createLogger } from '@tessera/core';
import { EmbeddedEventBus } from '@tessera/event-bus-embedded';

const silent = createLogger({ level: 'silent' });

describeEventBusConformance('embedded', async () => {
  const bus = new EmbeddedEventBus({ maxRetries: 3, retryDelayMs: 1 }, silent);
  return { bus, settle: () => bus.drain(), close: () => bus.close() };
});
