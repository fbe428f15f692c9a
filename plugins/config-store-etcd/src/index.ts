export { default } from './plugin';
export type { Config } from './config.generated';
export { EtcdConfigStore } from './etcd-config-store';
export type { EtcdConnectionSettings } from './etcd-connection-options';
export { decodeKey, encodeKey, namespaceRoot, quoteSegment } from './etcd-key-path';
export { WatchHealth } from './watch-health';
