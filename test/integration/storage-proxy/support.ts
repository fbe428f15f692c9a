import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, lstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  formatQuotaScope,
  type FolderRef,
  type NamedRegistry,
  type StorageBackend,
} from '@tessera/core';
import { VfsBackend } from '@tessera/storage-backend-vfs';
import { AUTH_HEADER, StorageProxy, VolumeSet, type StorageProxySettings } from '@tessera/storage-proxy';

export const SECRET = 'manager-secret-for-tests-0123456789';
export const JWT_SECRET = 'jwt-secret-for-tests-0123456789abcdef0123';
export const VOLUME = 'local';

/** A registry holding the vfs backend (usage never cached, so quota checks see every byte). */
export function vfsRegistry(): NamedRegistry<StorageBackend> {
  const vfs = new VfsBackend({ usageScanLimit: 1_000_000, usageCacheSeconds: 0 });
  return {
    kind: 'storage-backend',
    defaultName: undefined,
    get: (name) => (name === 'vfs' ? vfs : undefined),
    require: () => vfs,
    names: () => ['vfs'],
    entries: () => [['vfs', vfs]],
  };
}

/** A proxy on loopback (free ports) over one vfs volume in a temporary folder. */
export class TestProxy {
  private constructor(
    readonly proxy: StorageProxy,
    readonly volumes: VolumeSet,
    /** Holds the volume and, beside it, the `outside` tree tests check is never touched. */
    readonly baseDir: string,
  ) {}

  static async start(settings: Partial<StorageProxySettings> = {}): Promise<TestProxy> {
    const baseDir = mkdtempSync(join(tmpdir(), 'tessera-storage-proxy-'));
    const log = createLogger({ level: 'silent' });
    const volumes = await VolumeSet.open(
      { [VOLUME]: { backend: 'vfs', path: 'volume', options: {} } },
      vfsRegistry(),
      baseDir,
      log,
    );
    const proxy = await StorageProxy.start(
      {
        name: 'proxy-test',
        managerListen: 'http://127.0.0.1:0',
        clientListen: 'http://127.0.0.1:0',
        managerSecret: SECRET,
        jwtSecret: JWT_SECRET,
        sessionExpire: 3600,
        maxUploadSize: 1024 * 1024 * 1024,
        scandirLimit: 1000,
        ...settings,
      },
      volumes,
      log,
    );
    return new TestProxy(proxy, volumes, baseDir);
  }

  get volumePath(): string {
    return join(this.baseDir, 'volume');
  }

  /** POSTs (or GETs, without a body) to the manager API with the secret. */
  async manager(path: string, body?: unknown, secret: string | null = SECRET): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (secret !== null) headers[AUTH_HEADER] = secret;
    return fetch(`${this.proxy.managerUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A new folder in a new user scope, optionally with a limit. */
  async createFolder(quotaBytes?: number): Promise<TestFolder> {
    const folder: FolderRef = { scope: { type: 'user', id: randomUUID() }, folderId: randomUUID() };
    const ref = { volume: VOLUME, quota_scope_id: formatQuotaScope(folder.scope), vfid: folder.folderId };
    const response = await this.manager('/folder/create', { ...ref, quota_bytes: quotaBytes ?? null });
    if (response.status !== 201)
      throw new Error(`folder/create answered ${response.status}: ${await response.text()}`);
    return { ref, path: this.volumes.require(VOLUME).volume.folderPath(folder) };
  }

  async uploadToken(folder: TestFolder, relpath: string, size: number): Promise<string> {
    const response = await this.manager('/folder/file/upload', { ...folder.ref, relpath, size });
    if (response.status !== 200) throw new Error(`upload token: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  }

  async downloadToken(folder: TestFolder, relpath: string, archive = false): Promise<string> {
    const response = await this.manager('/folder/file/download', { ...folder.ref, relpath, archive });
    if (response.status !== 200)
      throw new Error(`download token: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
    await this.volumes.close(createLogger({ level: 'silent' }));
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}

export interface TestFolder {
  ref: { volume: string; quota_scope_id: string; vfid: string };
  path: string;
}

/** Reads the NDJSON lines of a progress answer. */
export async function ndjson(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A checksum of a whole tree (paths, types, link targets, contents): equal means untouched. */
export function treeChecksum(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stats = lstatSync(path);
      hash.update(`${prefix}${name}:${stats.mode}:${stats.size}\n`);
      if (stats.isDirectory()) walk(path, `${prefix}${name}/`);
      else if (stats.isFile()) hash.update(readFileSync(path));
    }
  };
  walk(root, '');
  return hash.digest('hex');
}

/** The problem+json body of a refusal, with its status. */
export async function problem(response: Response): Promise<{ status: number; type: string; title: string }> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${response.status} ${type}: ${await response.text()}`);
  }
  const body = (await response.json()) as { type: string; title: string };
  return { status: response.status, ...body };
}

export const PROBLEM = (slug: string) => `https://api.backend.ai/probs/storage/${slug}`;
