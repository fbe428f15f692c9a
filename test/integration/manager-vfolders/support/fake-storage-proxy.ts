import { cp, mkdir, readdir, rename, rm, stat, lstat, mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, isAbsolute, sep } from 'node:path';
import type { ConfigStore } from '@tessera/core';

/** One call the fake received: its path and JSON body. */
export interface ProxyCall {
  path: string;
  body: Record<string, unknown>;
}

const PROBLEM = 'https://api.backend.ai/probs/storage/';

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A stand-in for the storage proxy's manager-facing API (issue 13's wire protocol) over loopback
 * HTTP, on real directories under a temporary root laid out as upstream's volumes
 * (`<volume>/<scope hex>/<id[0:2]>/<id[2:4]>/<id[4:]>`), for the manager's tests until the real
 * proxy is booted instead. It checks the auth token, records every call, streams NDJSON progress
 * for delete and clone, and can hold clones until the test releases them.
 */
export class FakeStorageProxy {
  readonly calls: ProxyCall[] = [];
  private server?: Server;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  private constructor(
    readonly name: string,
    readonly root: string,
    readonly volumes: string[],
    readonly secret: string,
  ) {}

  static async start(
    name: string,
    volumes: string[],
    secret = 'fake-proxy-secret',
  ): Promise<FakeStorageProxy> {
    const root = await mkdtemp(join(tmpdir(), 'tessera-fake-proxy-'));
    const proxy = new FakeStorageProxy(name, root, volumes, secret);
    for (const volume of volumes) await mkdir(join(root, volume), { recursive: true });
    proxy.server = createServer((request, response) => void proxy.handle(request, response));
    await new Promise<void>((resolve) => proxy.server!.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Registers the proxy as the real one does (`volumes/proxies/<name>`), and the default host. */
  async register(store: ConfigStore, defaultHost?: string): Promise<void> {
    await store.put(
      `volumes/proxies/${this.name}`,
      JSON.stringify({
        manager_api: this.url,
        client_api: `${this.url}/client`,
        secret: this.secret,
        volumes: this.volumes,
      }),
    );
    if (defaultHost) await store.put('volumes/default_host', defaultHost);
  }

  /** Clones and folder deletions wait after their first progress line until `release()`. */
  holdClones(): () => void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
    return () => {
      this.openGate?.();
      this.gate = null;
    };
  }

  folderPath(volume: string, quotaScopeId: string, vfid: string): string {
    const scope = quotaScopeId.slice(quotaScopeId.indexOf(':') + 1).replace(/-/g, '');
    const hex = vfid.replace(/-/g, '');
    return join(this.root, volume, scope, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  }

  async stop(): Promise<void> {
    this.openGate?.();
    await new Promise((resolve) => this.server?.close(resolve));
    await rm(this.root, { recursive: true, force: true });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.headers['x-backendai-storage-auth-token'] !== this.secret)
        throw new Refusal(403, 'forbidden', 'bad storage auth token');
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      const path = new URL(request.url ?? '/', this.url).pathname;
      this.calls.push({ path, body });
      await this.route(path, body, response);
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, 'internal', String(error));
      if (response.headersSent) {
        response.end(
          `${JSON.stringify({ error: { type: PROBLEM + refusal.code, title: refusal.message, status: refusal.status } })}\n`,
        );
        return;
      }
      response.writeHead(refusal.status, { 'Content-Type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: PROBLEM + refusal.code, title: refusal.message, status: refusal.status }),
      );
    }
  }

  private folder(body: Record<string, unknown>): string {
    const volume = String(body['volume']);
    if (!this.volumes.includes(volume)) throw new Refusal(404, 'volume-not-found', `no volume ${volume}`);
    return this.folderPath(volume, String(body['quota_scope_id']), String(body['vfid']));
  }

  private async existing(body: Record<string, unknown>): Promise<string> {
    const folder = this.folder(body);
    if (!(await exists(folder))) throw new Refusal(404, 'vfolder-not-found', 'no such vfolder');
    return folder;
  }

  private async route(path: string, body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    switch (path) {
      case '/folder/create': {
        const folder = this.folder(body);
        if (await exists(folder)) throw new Refusal(409, 'vfolder-exists', 'vfolder exists');
        await mkdir(folder, { recursive: true });
        return json(201, {});
      }
      case '/folder/delete': {
        const folder = await this.existing(body);
        const files = await walk(folder);
        ndjson(response, { progress: { bytes: 0, files: 0 } });
        if (this.gate) await this.gate;
        await rm(folder, { recursive: true, force: true });
        const bytes = files.reduce((sum, file) => sum + file.size, 0);
        ndjson(response, { progress: { bytes, files: files.length } });
        return void response.end(`${JSON.stringify({ done: true })}\n`);
      }
      case '/folder/clone': {
        const source = await this.existing(body);
        const target = this.folderPath(
          String(body['volume']),
          String(body['dst_quota_scope_id']),
          String(body['dst_vfid']),
        );
        if (await exists(target)) throw new Refusal(409, 'vfolder-exists', 'clone target exists');
        const files = await walk(source);
        ndjson(response, { progress: { bytes: 0, files: 0 } });
        if (this.gate) await this.gate;
        await mkdir(target, { recursive: true });
        let bytes = 0;
        for (const [index, file] of files.entries()) {
          bytes += file.size;
          ndjson(response, { progress: { bytes, files: index + 1 } });
        }
        await cp(source, target, { recursive: true });
        return void response.end(`${JSON.stringify({ done: true })}\n`);
      }
      case '/folder/usage': {
        const files = await walk(await this.existing(body));
        return json(200, {
          used_bytes: files.reduce((sum, file) => sum + file.size, 0),
          file_count: files.length,
          limit_bytes: null,
        });
      }
      case '/folder/mount':
        return json(200, { path: await this.existing(body) });
      case '/folder/file/mkdir': {
        const target = inside(await this.existing(body), body['relpath']);
        const found = await lstat(target).catch(() => null);
        if (found && !found.isDirectory()) throw new Refusal(409, 'file-exists', 'a file has that name');
        if (found && body['exist_ok'] !== true) throw new Refusal(409, 'file-exists', 'the directory exists');
        await mkdir(target, { recursive: body['parents'] === true }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') throw new Refusal(404, 'file-not-found', 'no parent directory');
          if (error.code !== 'EEXIST') throw error;
        });
        return json(201, {});
      }
      case '/folder/file/list': {
        const directory = inside(await this.existing(body), body['relpath'] ?? '.');
        const names = await readdir(directory).catch(() => {
          throw new Refusal(404, 'file-not-found', 'no such directory');
        });
        const items = [];
        for (const name of names.sort()) {
          const info = await lstat(join(directory, name));
          items.push({
            name,
            type: info.isDirectory() ? 'DIRECTORY' : info.isSymbolicLink() ? 'SYMLINK' : 'FILE',
            size: info.size,
            mode: `0${(info.mode & 0o777).toString(8)}`,
            created: info.birthtime.toISOString(),
            modified: info.mtime.toISOString(),
          });
        }
        return json(200, { items });
      }
      case '/folder/file/rename': {
        const folder = await this.existing(body);
        const source = inside(folder, body['relpath']);
        const info = await lstat(source).catch(() => null);
        if (!info) throw new Refusal(404, 'file-not-found', 'no such file');
        if (info.isDirectory() && body['is_dir'] !== true)
          throw new Refusal(400, 'is-a-directory', 'a directory');
        const newName = String(body['new_name']);
        if (newName.includes('/')) throw new Refusal(400, 'invalid-path', 'new_name is a name');
        await rename(source, join(source, '..', newName));
        return json(200, {});
      }
      case '/folder/file/move': {
        const folder = await this.existing(body);
        await rename(inside(folder, body['src_relpath']), inside(folder, body['dst_relpath'])).catch(() => {
          throw new Refusal(404, 'file-not-found', 'no such file');
        });
        return json(200, {});
      }
      case '/folder/file/delete': {
        const folder = await this.existing(body);
        const targets = (body['relpaths'] as string[]).map((relpath) => inside(folder, relpath));
        for (const target of targets) {
          const info = await lstat(target).catch(() => null);
          if (info?.isDirectory() && body['recursive'] !== true)
            throw new Refusal(400, 'is-a-directory', 'a directory needs recursive');
        }
        ndjson(response, { progress: { bytes: 0, files: 0 } });
        for (const target of targets) await rm(target, { recursive: true, force: true });
        return void response.end(`${JSON.stringify({ done: true })}\n`);
      }
      case '/folder/file/upload':
        inside(await this.existing(body), body['relpath']);
        return json(200, {
          token: `upload:${String(body['vfid'])}:${String(body['relpath'])}:${String(body['size'])}`,
        });
      case '/folder/file/download':
        inside(await this.existing(body), body['relpath']);
        return json(200, { token: `download:${String(body['vfid'])}:${String(body['relpath'])}` });
      default:
        throw new Refusal(404, 'not-found', `no route ${path}`);
    }
  }
}

function ndjson(response: ServerResponse, line: unknown): void {
  if (!response.headersSent) response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  response.write(`${JSON.stringify(line)}\n`);
}

/** A relative path inside the folder, or invalid-path. */
function inside(folder: string, relpath: unknown): string {
  if (typeof relpath !== 'string' || relpath.includes('\0') || isAbsolute(relpath))
    throw new Refusal(400, 'invalid-path', 'expected a relative path');
  const target = normalize(join(folder, relpath));
  if (target !== folder && !target.startsWith(folder + sep))
    throw new Refusal(400, 'invalid-path', 'outside the folder');
  return target;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function walk(directory: string): Promise<Array<{ path: string; size: number }>> {
  const found: Array<{ path: string; size: number }> = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else found.push({ path, size: (await lstat(path)).size });
  }
  return found;
}
