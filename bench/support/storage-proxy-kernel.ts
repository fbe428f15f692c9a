import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ConfigStore } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';

/** A storage proxy in this process with one vfs volume, and its manager-facing API as calls. */
export interface StorageProxyUnderTest {
  /** The client-facing API's base URL (`client_api`). */
  clientApi: string;
  /** A new folder on the volume; its files by path relative to it. */
  createFolder(): Promise<ProxyFolder>;
  stop(): Promise<void>;
}

export interface ProxyFolder {
  /** A tus session for `relpath` of `size` bytes: the URL to HEAD and PATCH. */
  uploadUrl(relpath: string, size: number): Promise<string>;
  /** The URL that GETs `relpath`. */
  downloadUrl(relpath: string): Promise<string>;
  /** Where the folder is on the host (`POST /folder/mount`). */
  hostPath(): Promise<string>;
}

const PROXY_NAME = 'bench-storage';
const VOLUME = 'local';
const SECRET_HEADER = 'X-BackendAI-Storage-Auth-Token';

interface ProxyRecord {
  manager_api: string;
  client_api: string;
  secret: string;
}

/**
 * Boots the storage-proxy role (embedded config store, vfs backend, storage proxy) with the
 * volume at `volumePath` and both APIs on free loopback ports, then reads the addresses it
 * announced in the config store (`volumes/proxies/<name>`), as a manager does.
 */
export async function startStorageProxy(volumePath: string): Promise<StorageProxyUnderTest> {
  const managerSecret = randomBytes(24).toString('hex');
  const kernel: TestKernel = await bootTestKernel({
    roles: ['storage-proxy'],
    plugins: [
      { package: '@tessera/config-store-embedded', config: { file: '' } },
      { package: '@tessera/storage-backend-vfs' },
      {
        package: '@tessera/storage-proxy',
        config: {
          name: PROXY_NAME,
          managerListen: 'http://127.0.0.1:0',
          clientListen: 'http://127.0.0.1:0',
          managerSecret,
          volumes: { [VOLUME]: { backend: 'vfs', path: volumePath } },
        },
      },
    ],
    cwd: join(__dirname, '..', '..', '..'),
  });
  try {
    const store = kernel.kernel.resolve<ConfigStore>(ConfigStore);
    const announced = await store.get(`volumes/proxies/${PROXY_NAME}`);
    if (!announced) throw new Error(`the proxy wrote no volumes/proxies/${PROXY_NAME}`);
    const record = JSON.parse(announced) as ProxyRecord;
    const call = async (path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const response = await fetch(`${record.manager_api}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: record.secret },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };
    return {
      clientApi: record.client_api,
      async createFolder() {
        const folder = { volume: VOLUME, quota_scope_id: `user:${randomUUID()}`, vfid: randomUUID() };
        await call('/folder/create', folder);
        const token = async (path: string, extra: Record<string, unknown>): Promise<string> => {
          const { token } = await call(path, { ...folder, ...extra });
          if (typeof token !== 'string') throw new Error(`POST ${path} answered no token`);
          return encodeURIComponent(token);
        };
        return {
          async uploadUrl(relpath, size) {
            return `${record.client_api}/upload?token=${await token('/folder/file/upload', { relpath, size })}`;
          },
          async downloadUrl(relpath) {
            return `${record.client_api}/download?token=${await token('/folder/file/download', { relpath })}`;
          },
          async hostPath() {
            const { path } = await call('/folder/mount', folder);
            if (typeof path !== 'string') throw new Error('POST /folder/mount answered no path');
            return path;
          },
        };
      },
      stop: () => kernel.stop(),
    };
  } catch (error) {
    await kernel.stop();
    throw error;
  }
}
