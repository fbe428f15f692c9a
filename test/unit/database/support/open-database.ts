import { OrmDatabase, type Config } from '@tessera/database';
import { RecordingLogger } from './recording-logger';

export interface OpenDatabase {
  database: OrmDatabase;
  log: RecordingLogger;
}

/** Opens the plugin's database directly (no kernel), in memory unless a path is given. */
export async function openDatabase(
  config: Partial<Config> = {},
  dataDir = '/nonexistent',
): Promise<OpenDatabase> {
  const log = new RecordingLogger();
  const database = new OrmDatabase(log);
  await database.open(
    { driver: 'sqlite', path: ':memory:', exampleFixtures: false, debug: false, ...config },
    dataDir,
  );
  return { database, log };
}
