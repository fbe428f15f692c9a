export { VfolderApi } from './vfolder-api';
export {
  DEFAULT_CHUNK_SIZE,
  type DownloadOptions,
  type TransferOptions,
  type UploadedFile,
  type UploadOptions,
} from './vfolder-transfers';
export { PART_SUFFIX, type DownloadedFile } from './resumable-download';
export {
  overrideStorageProxyUrl,
  parseStorageProxyAddressMap,
  redactTokens,
  withToken,
  type StorageProxyAddressMap,
} from './storage-proxy-address';
export {
  FileTransferStateStore,
  defaultTransferStateDir,
  transferKey,
  type DownloadState,
  type TransferState,
  type TransferStateStore,
  type UploadState,
} from './transfer-state';
export type { TransferProgressListener } from './tus-upload';
export type * from './vfolder-types';
