export { default } from './plugin';
export type { Config } from './config.generated';
export { StorageProxy, type StorageProxySettings } from './storage-proxy';
export { VolumeSet, backendError, type ServedVolume } from './volume-set';
export { StorageProxyErrorCodes, ProxyErrors } from './proxy-errors';
export { TokenIssuer, type DownloadClaims, type UploadClaims, type TokenClaims } from './client-api/tokens';
export { parseRange, ifRangeMatches, type ByteRange } from './client-api/byte-range';
export { sendFileRange, READ_CHUNK } from './client-api/file-sender';
export { parseRelpath, parseName, joinRelpath, UPLOAD_DIR } from './fs/relpath';
export { FolderRoot } from './fs/folder-root';
export { FolderFiles, type ListedEntry } from './fs/folder-files';
export { AUTH_HEADER } from './manager-api/secret-check';
export {
  DEFAULT_HOST_KEY,
  loadSecrets,
  PROXIES_PREFIX,
  proxyKey,
  publishProxy,
  type ProxyRecord,
} from './proxy-registration';
