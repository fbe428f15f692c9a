export { default } from './plugin';
export { EtcdLockService, type EtcdLockServiceOptions } from './etcd-lock-service';
export type { Config } from './config.generated';
