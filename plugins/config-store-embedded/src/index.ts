import { isAbsolute, join } from 'node:path';
import { ConfigStore, configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { FileBackedConfigStore } from './file-backed-config-store';

export { FileBackedConfigStore } from './file-backed-config-store';

/** The file the keys persist to, or null for a store kept in memory only (`file: ''`). */
function storeFile(file: string, dataDir: string): string | null {
  if (file === '') return null;
  return isAbsolute(file) ? file : join(dataDir, file);
}

export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    const store = new FileBackedConfigStore(storeFile(ctx.config.file, ctx.dataDir));
    store.load(ctx.config.initial);
    ctx.log.info('config store loaded', { file: ctx.config.file });
    ctx.provide(ConfigStore, store);
    return store;
  },
});
