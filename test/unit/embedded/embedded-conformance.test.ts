import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeConfigStoreConformance,
  describeEventBusConformance,
  describeLockConformance,
} from '@tessera/core/dist/testing/conformance';
import { createLogger } from '@tessera/core';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';
import { EmbeddedEventBus } from '@tessera/event-bus-embedded';
import { InProcessLockService } from '@tessera/lock-embedded';

const silent = createLogger({ level: 'silent' });

describeEventBusConformance('embedded', async () => {
  const bus = new EmbeddedEventBus({ maxRetries: 3, retryDelayMs: 1 }, silent);
  return { bus, settle: () => bus.drain(), close: () => bus.close() };
});

describeConfigStoreConformance('embedded (file-backed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
  const store = new FileBackedConfigStore(join(dir, 'config.json'));
  store.load({});
  return { store, close: async () => rmSync(dir, { recursive: true, force: true }) };
});

describeLockConformance('in-process', async () => {
  const locks = new InProcessLockService();
  return { locks, close: async () => {}, breakLeases: async () => locks.revokeAll() };
});
