import 'reflect-metadata';

export { default } from './plugin';
// The pure parts (table-tested on their own).
export { checkFolderName, isReservedName, RESERVED_FOLDER_NAMES } from './folders/folder-names';
export { holds } from './folders/folder-access';
export { kernelPathOf, KERNEL_WORK_DIR } from './mounts/mount-paths';
export { fileMode } from './api/file-routes';
export { binarySize } from './api/folder-routes';
export { FOLDER_GRANT_NEEDED, VFOLDER_ACCESS } from './vfolder-access';
export { BGTASK_HEADER } from './api/trash-routes';
// The parts a test builds a mount resolver from without a kernel.
export { FolderAccess } from './folders/folder-access';
export { FolderMountResolver } from './mounts/mount-resolver';
export { StorageProxies } from './storage/storage-proxies';
// The sweeper of folder tasks a stopped manager left behind.
export { OrphanedFolderTasks, leaseFolderTask } from './folders/task-leases';
