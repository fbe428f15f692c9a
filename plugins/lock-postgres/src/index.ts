export { default } from './plugin';
export { PostgresLockService, type PostgresLockServiceOptions } from './postgres-lock-service';
export { advisoryKey, sessionApplicationName } from './advisory-key';
export type { Config } from './config.generated';
