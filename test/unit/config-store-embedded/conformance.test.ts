import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConfigStoreConformance } from '@tessera/core/testing';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';

describeConfigStoreConformance('embedded (file-backed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
  const store = new FileBackedConfigStore(join(dir, 'config.json'));
  store.load({});
  return { store, close: async () => rmSync(dir, { recursive: true, force: true }) };
});
