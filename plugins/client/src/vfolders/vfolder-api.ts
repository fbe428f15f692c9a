import { BackendClientError } from '../errors';
import type { ManagerConnection } from '../manager-connection';
import { badAnswer, dashedUuid, folderPath, given, type Call } from './folder-requests';
import type { DownloadedFile } from './resumable-download';
import type { StorageProxyAddressMap } from './storage-proxy-address';
import { VfolderSharing } from './vfolder-sharing';
import {
  downloadFile,
  uploadFile,
  type DownloadOptions,
  type TransferContext,
  type UploadedFile,
  type UploadOptions,
} from './vfolder-transfers';
import type {
  CloneVfolderOptions,
  CreateVfolderOptions,
  TransferTicket,
  VfolderCloned,
  VfolderCreated,
  VfolderFileItem,
  VfolderHosts,
  VfolderInfo,
  VfolderListItem,
  VfolderUsage,
} from './vfolder-types';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * Virtual folders (`client.vfolders`): the /folders REST API with Backend.AI's wire names
 * (api-spec §3.7-3.10), and uploads and downloads straight to the storage proxy. Folders are named
 * by their name, as in the API; trash operations take a name or an id.
 */
export class VfolderApi extends VfolderSharing {
  private readonly transfers: TransferContext;

  constructor(connection: ManagerConnection, options: { addressMap: StorageProxyAddressMap }) {
    super(connection);
    this.transfers = {
      issuer: this,
      identity: () => [connection.activeEndpoint.href, connection.config.accessKey],
      addressMap: options.addressMap,
      skipCertValidation: connection.config.skipSslCertValidation,
    };
  }

  /** `GET /folders`: the folders the caller owns, was invited to, or reaches through a project. */
  async list(options: Call & { groupId?: string; all?: boolean } = {}): Promise<VfolderListItem[]> {
    const data = await this.call('GET', '/folders', {
      query: { group_id: options.groupId, all: options.all ? 'true' : undefined },
      signal: options.signal,
    });
    if (!Array.isArray(data)) throw badAnswer('GET /folders', 'a list');
    return data as VfolderListItem[];
  }

  /** `GET /folders/_/hosts`: the hosts the caller may create folders on, and the default one. */
  async hosts(options: Call & { groupId?: string } = {}): Promise<VfolderHosts> {
    return this.object('GET', '/folders/_/hosts', {
      query: { group_id: options.groupId },
      signal: options.signal,
    });
  }

  /** `POST /folders`. */
  async create(name: string, options: CreateVfolderOptions = {}): Promise<VfolderCreated> {
    return this.object('POST', '/folders', {
      json: given({
        name,
        host: options.host,
        group: options.group,
        usage_mode: options.usageMode,
        permission: options.permission,
        quota: options.quota,
        cloneable: options.cloneable,
      }),
      signal: options.signal,
    });
  }

  /** `GET /folders/:name`: the folder with its usage (`num_files`, `used_bytes`). */
  async info(name: string, options: Call = {}): Promise<VfolderInfo> {
    return this.object('GET', folderPath(name), { signal: options.signal });
  }

  /** `DELETE /folders/:name`: moves the folder to the trash (restore brings it back). */
  async delete(name: string, options: Call = {}): Promise<void> {
    await this.call('DELETE', folderPath(name), { signal: options.signal });
  }

  /** `POST /folders/restore-from-trash-bin`. */
  async restore(nameOrId: string, options: Call = {}): Promise<void> {
    const id = await this.resolveId(nameOrId, options);
    await this.call('POST', '/folders/restore-from-trash-bin', {
      json: { vfolder_id: id },
      signal: options.signal,
    });
  }

  /**
   * `POST /folders/delete-from-trash-bin`: deletes a trashed folder's data for good. The manager may
   * do it as a background task, named by the `X-BackendAI-BgTask-ID` answer header (`bgtaskId`).
   */
  async deleteForever(nameOrId: string, options: Call = {}): Promise<{ bgtaskId: string | null }> {
    const id = await this.resolveId(nameOrId, options);
    const answer = await this.connection.requestRaw({
      method: 'POST',
      path: '/folders/delete-from-trash-bin',
      json: { vfolder_id: id },
      signal: options.signal,
    });
    const header = answer.headers['x-backendai-bgtask-id'];
    return { bgtaskId: typeof header === 'string' && header !== '' ? header : null };
  }

  /** `POST /folders/purge`: removes a deleted folder's record (upstream's last step after delete-forever). */
  async purge(nameOrId: string, options: Call = {}): Promise<void> {
    const id = await this.resolveId(nameOrId, options);
    await this.call('POST', '/folders/purge', { json: { vfolder_id: id }, signal: options.signal });
  }

  /** `POST /folders/:name/rename`. */
  async rename(name: string, newName: string, options: Call = {}): Promise<void> {
    await this.call('POST', `${folderPath(name)}/rename`, {
      json: { new_name: newName },
      signal: options.signal,
    });
  }

  /** `GET /folders/:name/files`: the entries of a directory in the folder (default its root). */
  async files(name: string, path = '.', options: Call = {}): Promise<VfolderFileItem[]> {
    const answer = await this.object<{ items?: unknown }>('GET', `${folderPath(name)}/files`, {
      query: { path },
      signal: options.signal,
    });
    if (!Array.isArray(answer.items)) throw badAnswer('GET /folders/:name/files', 'items');
    return answer.items as VfolderFileItem[];
  }

  /** `POST /folders/:name/mkdir`. */
  async mkdir(
    name: string,
    path: string,
    options: Call & { parents?: boolean; existOk?: boolean } = {},
  ): Promise<void> {
    await this.call('POST', `${folderPath(name)}/mkdir`, {
      json: { path, parents: options.parents ?? false, exist_ok: options.existOk ?? false },
      signal: options.signal,
    });
  }

  /** `DELETE /folders/:name/delete-files`: a directory needs `recursive`. */
  async deleteFiles(
    name: string,
    files: string[],
    options: Call & { recursive?: boolean } = {},
  ): Promise<void> {
    await this.call('DELETE', `${folderPath(name)}/delete-files`, {
      json: { files, recursive: options.recursive ?? false },
      signal: options.signal,
    });
  }

  /** `POST /folders/:name/rename-file`: a new name in the same directory. */
  async renameFile(
    name: string,
    targetPath: string,
    newName: string,
    options: Call & { isDir?: boolean } = {},
  ): Promise<void> {
    await this.call('POST', `${folderPath(name)}/rename-file`, {
      json: { target_path: targetPath, new_name: newName, is_dir: options.isDir ?? false },
      signal: options.signal,
    });
  }

  /** `POST /folders/:name/move-file`. */
  async move(name: string, src: string, dst: string, options: Call = {}): Promise<void> {
    await this.call('POST', `${folderPath(name)}/move-file`, { json: { src, dst }, signal: options.signal });
  }

  /**
   * `POST /folders/:name/clone`: the new folder; `bgtask_id` names the background task copying the
   * data (follow it with `client.backgroundTaskEvents`).
   */
  async clone(name: string, targetName: string, options: CloneVfolderOptions = {}): Promise<VfolderCloned> {
    const answer = await this.object<VfolderCloned>('POST', `${folderPath(name)}/clone`, {
      json: given({
        target_name: targetName,
        target_host: options.targetHost,
        usage_mode: options.usageMode,
        permission: options.permission,
        cloneable: options.cloneable,
      }),
      signal: options.signal,
    });
    if (typeof answer.bgtask_id !== 'string') throw badAnswer('POST /folders/:name/clone', 'bgtask_id');
    return answer;
  }

  /** `GET /folders/_/usage`: bytes and files in a folder, by host and id. */
  async usage(host: string, id: string, options: Call = {}): Promise<VfolderUsage> {
    return this.object('GET', '/folders/_/usage', {
      query: { folder_host: host, id: dashedUuid(id) },
      signal: options.signal,
    });
  }

  /** `POST /folders/:name/request-upload`: a storage-proxy URL and a token for one file. */
  async requestUpload(name: string, path: string, size: number, options: Call = {}): Promise<TransferTicket> {
    return ticketOf(
      await this.call('POST', `${folderPath(name)}/request-upload`, {
        json: { path, size },
        signal: options.signal,
      }),
      'request-upload',
    );
  }

  /** `POST /folders/:name/request-download`. */
  async requestDownload(
    name: string,
    path: string,
    options: Call & { archive?: boolean } = {},
  ): Promise<TransferTicket> {
    return ticketOf(
      await this.call('POST', `${folderPath(name)}/request-download`, {
        json: { path, archive: options.archive ?? false },
        signal: options.signal,
      }),
      'request-download',
    );
  }

  /** Uploads one local file (resumable: the same call after an interruption continues it). */
  upload(name: string, localPath: string, options: UploadOptions = {}): Promise<UploadedFile> {
    return uploadFile(this.transfers, name, localPath, options);
  }

  /** Downloads one file, or a directory as a zip with `archive` (resumable, like upload). */
  download(
    name: string,
    remotePath: string,
    destination: string,
    options: DownloadOptions = {},
  ): Promise<DownloadedFile> {
    return downloadFile(this.transfers, name, remotePath, destination, options);
  }

  /**
   * A folder id: the argument itself when it is one, else the id of the caller's folder of that
   * name (the one in the trash when there is also a live one).
   */
  async resolveId(nameOrId: string, options: Call = {}): Promise<string> {
    if (UUID.test(nameOrId)) return dashedUuid(nameOrId);
    const matches = (await this.list(options)).filter((folder) => folder.name === nameOrId);
    const trashed = matches.filter((folder) => String(folder.status ?? '').startsWith('delete'));
    const chosen = trashed.length === 1 ? trashed : matches;
    if (chosen.length === 1) return dashedUuid(chosen[0]!.id);
    throw new BackendClientError(
      'config-invalid',
      chosen.length === 0
        ? `no folder named "${nameOrId}" is visible to this keypair`
        : `${chosen.length} folders are named "${nameOrId}"; give the id instead`,
    );
  }
}

function ticketOf(data: unknown, call: string): TransferTicket {
  const ticket = data as Partial<TransferTicket> | undefined;
  if (typeof ticket?.token !== 'string' || typeof ticket.url !== 'string')
    throw badAnswer(`POST ${call}`, 'token and url');
  return { token: ticket.token, url: ticket.url };
}
