import { isAbsolute, join } from 'node:path';
import { ConfigStore, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { FileBackedConfigStore } from './file-backed-config-store';

export { FileBackedConfigStore } from './file-backed-config-store';

const stores = new WeakMap<object, FileBackedConfigStore>();

export default definePlugin<Config>({
  register(ctx) {
    const file = ctx.config.file ?? 'config-store.json';
    const store = new FileBackedConfigStore(
      file === '' ? null : isAbsolute(file) ? file : join(ctx.dataDir, file),
    );
    stores.set(ctx, store);
    ctx.provide(ConfigStore, store);
  },
  async init(ctx) {
    stores.get(ctx)!.load(ctx.config.initial ?? {});
    ctx.log.info('config store loaded', { file: ctx.config.file });
  },
});
