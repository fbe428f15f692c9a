import 'reflect-metadata';

export { default } from './plugin';
// Request parsing and wire formats, table-tested on their own.
export {
  readFormFiles,
  parseFormFiles,
  boundaryOf,
  MAX_UPLOAD_BODY_BYTES,
  type FormFile,
} from './multipart-form';
export { multipartMixed } from './multipart-mixed';
export { firstTarFile } from './tar-reader';
export {
  completionRequest,
  downloadPaths,
  listPath,
  singleDownloadPath,
  uploadWrites,
} from './session-file-requests';
export { batches, type SessionFileWrite } from './session-files';
