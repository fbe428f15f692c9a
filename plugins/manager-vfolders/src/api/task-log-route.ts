import { Readable } from 'node:stream';
import type Router from '@koa/router';
import { TesseraError } from '@tessera/core';
import { ManagerErrors, normalizeUuid, type ApiState, requestParams } from '@tessera/manager';
import { SessionErrors } from '@tessera/manager-sessions';
import { folderRef } from '../folders/folder-access';
import type { FolderKit } from '../folders/folder-kit';
import { callerOf, stringParam } from './request-params';

/** The user folder batch kernels write their task logs into (a dot-folder, so mounted in every session). */
const LOGS_FOLDER = '.logs';

/**
 * `GET /session/_/logs` (and HEAD): a batch kernel's task log, which the kernel runner appends to
 * `.logs/task/<aa>/<bb>/<rest>.log` of the owner's `.logs` vfolder (the kernel id's hex, split as
 * Backend.AI does), streamed from the storage proxy as text. The kernel is `kernel_id`, or the main
 * kernel of the caller's session `session_name` (what Backend.AI's JS SDK sends). Without a `.logs`
 * folder: 404 naming it; without a log for that kernel: 404.
 */
export function registerTaskLogRoute(router: Router<ApiState>, kit: FolderKit): void {
  const handler: Router.Middleware<ApiState> = async (ctx) => {
    const caller = callerOf(ctx);
    const params = await requestParams(ctx);
    const kernelId = await taskKernel(kit, caller.accessKey, params);
    const logs = (await kit.folders.visible(caller)).find(
      (entry) =>
        entry.folder.name === LOGS_FOLDER &&
        entry.folder.ownershipType === 'user' &&
        entry.folder.userId === caller.userId &&
        entry.folder.status === 'ready',
    );
    if (!logs)
      throw new TesseraError('object-not-found', `No "${LOGS_FOLDER}" vfolder: create it to keep task logs`, {
        vfolder_name: LOGS_FOLDER,
      });
    const hex = kernelId.replace(/-/g, '');
    const relpath = `task/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex.slice(4)}.log`;
    const body = await kit.proxies.fetch(logs.folder.host, { ...folderRef(logs.folder), relpath });
    ctx.type = 'text/plain; charset=utf-8';
    if (ctx.method === 'HEAD') {
      await body.cancel();
      ctx.status = 200;
      return;
    }
    ctx.body = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  };
  router.get('/session/_/logs', handler);
  router.head('/session/_/logs', handler);
}

async function taskKernel(
  kit: FolderKit,
  accessKey: string,
  params: Record<string, unknown>,
): Promise<string> {
  const asked = stringParam(params, ['kernel_id', 'kernelId']);
  if (asked !== undefined) {
    const id = normalizeUuid(asked);
    if (!id) throw ManagerErrors.invalidParams(`kernel_id: "${asked}" is not a UUID`, { field: 'kernel_id' });
    return id;
  }
  const name = stringParam(params, ['session_name', 'sessionName']);
  if (name === undefined)
    throw ManagerErrors.invalidParams('kernel_id (or session_name): required', { field: 'kernel_id' });
  const session = await kit.db.sessions.findOwnedListed(accessKey, name);
  const main = session?.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session?.kernels[0];
  if (!main) throw SessionErrors.sessionNotFound(name);
  return main.id;
}
