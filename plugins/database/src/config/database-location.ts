import { isAbsolute, join } from 'node:path';
import type { Config } from '../config.generated';

export const IN_MEMORY = ':memory:';

/** Where the SQLite database lives: `:memory:`, an absolute path, or a path inside the data dir. */
export function sqliteFilePath(config: Pick<Config, 'path'>, dataDir: string): string {
  if (config.path === IN_MEMORY || isAbsolute(config.path)) return config.path;
  return join(dataDir, config.path);
}
