export { default } from './plugin';
export { connectionSettings } from './plugin';
export { EtcdConfigStore } from './etcd-config-store';
export type { EtcdConnectionSettings } from './etcd-connection-options';
export { decodeKey, encodeKey, namespaceRoot, quoteSegment } from './etcd-key-path';
