import {
  ConfigStore,
  configType,
  Database,
  definePlugin,
  EventBus,
  LockService,
  optional,
} from '@tessera/core';
import {
  AccessRuleTables,
  ApiRoutes,
  BackgroundTasks,
  GraphQLTypes,
  LeaderTimers,
  type ResolverClass,
} from '@tessera/manager';
import { VfolderMounts } from '@tessera/manager-sessions';
import type { InjectionToken } from 'tsyringe';
import { FolderApi } from './api/folder-api';
import type { Config } from './config.generated';
import { FolderAccess } from './folders/folder-access';
import { VfolderResolver } from './graphql/vfolder-resolver';
import { FolderMountResolver } from './mounts/mount-resolver';
import { OrphanedFolderTasks } from './folders/task-leases';
import { StorageProxies } from './storage/storage-proxies';
import { VFOLDER_ACCESS } from './vfolder-access';
import { VfolderErrorCodes } from './vfolder-errors';

/**
 * `@tessera/manager-vfolders`: virtual folders on the manager. Backend.AI's `/folders` REST API
 * (`api/`), the admin GraphQL vfolder queries (`graphql/`) and the vfolder mounts of new sessions
 * (`mounts/`), each on the folder rules of `folders/` and the storage proxies' manager API
 * (`storage/`, proxies found in the config store). Clones and deletions from the trash run as
 * background tasks, stopped with the plugin.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database, bus: EventBus, store: ConfigStore, lock: optional(LockService) },
  errorCodes: [VfolderErrorCodes],
  init(ctx) {
    const { container, deps } = ctx;
    const tasks = new BackgroundTasks(deps.bus, ctx.log, `manager-vfolders@${ctx.nodeId}`);
    const proxies = new StorageProxies(deps.store);
    const folders = new FolderAccess(deps.db);
    ctx.contribute(AccessRuleTables, VFOLDER_ACCESS);
    ctx.contribute(
      ApiRoutes,
      new FolderApi((access) => ({
        db: deps.db,
        proxies,
        folders,
        tasks,
        log: ctx.log,
        access,
        locks: deps.lock ?? null,
      })),
    );
    container.registerSingleton(VfolderResolver);
    ctx.contribute(GraphQLTypes, {
      resolvers: [VfolderResolver],
      resolve: (resolverClass: ResolverClass) => container.resolve(resolverClass as InjectionToken<object>),
    });
    ctx.contribute(LeaderTimers, new OrphanedFolderTasks(deps.db, deps.lock ?? null, ctx.log));
    ctx.contribute(VfolderMounts, new FolderMountResolver(deps.db, folders, proxies, ctx.log));
    return { tasks };
  },
  async stop({ tasks }) {
    await tasks.stop();
  },
});
