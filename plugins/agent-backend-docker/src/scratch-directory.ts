import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TesseraError } from '@tessera/core';
import type { KernelRecord } from './kernel-record';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const RECORD_FILE = 'kernel.json';

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * A kernel's scratch space on the host, `<root>/<kernelId>/`:
 * - `work/`: the kernel's home and working directory (/home/work), owned by the kernel's user;
 * - `config/`: environ.txt, resource.txt and bootstrap.sh for the kernel (/home/config, read-only
 *   inside), and kernel.json, the agent's own record of the kernel (root-only), read back after a
 *   restart;
 * - `ipc/`: the runner's Unix socket (/opt/tessera/ipc), owned by the kernel's user.
 */
export class ScratchDirectory {
  readonly path: string;
  readonly workDir: string;
  readonly configDir: string;
  readonly ipcDir: string;

  constructor(
    readonly root: string,
    readonly kernelId: string,
  ) {
    if (!SAFE_SEGMENT.test(kernelId)) {
      throw TesseraError.badRequest('invalid-api-params', 'A kernel id must be usable as a folder name', {
        kernelId,
        expected: 'letters, digits, "_", "-" and "."',
      });
    }
    this.path = join(root, kernelId);
    this.workDir = join(this.path, 'work');
    this.configDir = join(this.path, 'config');
    this.ipcDir = join(this.path, 'ipc');
  }

  get runnerSocket(): string {
    return join(this.ipcDir, 'runner.sock');
  }

  /** Creates the folders and hands work/ and ipc/ to the kernel's user. */
  async create(owner: Owner): Promise<void> {
    await mkdir(this.path, { recursive: true, mode: 0o755 });
    for (const dir of [this.workDir, this.configDir, this.ipcDir]) await mkdir(dir, { mode: 0o755 });
    for (const dir of [this.workDir, this.ipcDir]) await this.giveTo(dir, owner);
  }

  /** Writes `KEY=VALUE` lines (environ.txt, resource.txt) readable by the kernel's user only. */
  async writeKeyValues(fileName: string, entries: Record<string, string>, owner: Owner): Promise<void> {
    const body = Object.entries(entries)
      .map(([key, value]) => `${key}=${value.replace(/\n/g, ' ')}\n`)
      .join('');
    await this.writeForKernel(fileName, body, 0o600, owner);
  }

  async writeForKernel(fileName: string, body: string, mode: number, owner: Owner): Promise<void> {
    const file = join(this.configDir, fileName);
    await writeFile(file, body, { mode });
    await this.giveTo(file, owner);
  }

  /** The agent's record of the kernel, readable by the agent only. */
  async writeRecord(record: KernelRecord): Promise<void> {
    await writeFile(join(this.configDir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, {
      mode: 0o600,
    });
  }

  /** The record, or null when it is missing or unreadable. */
  async readRecord(): Promise<KernelRecord | null> {
    try {
      const record = JSON.parse(await readFile(join(this.configDir, RECORD_FILE), 'utf8')) as KernelRecord;
      return record && record.version === 1 && record.spec?.kernelId === this.kernelId ? record : null;
    } catch {
      return null;
    }
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }

  private async giveTo(path: string, owner: Owner): Promise<void> {
    try {
      await chown(path, owner.uid, owner.gid);
    } catch (error) {
      throw new TesseraError(
        'session-start-failed',
        `Cannot give ${path} to the kernel's user ${owner.uid}:${owner.gid}: run the agent as root, or set kernelUid/kernelGid to the agent's own uid/gid`,
        { path, uid: owner.uid, gid: owner.gid },
        {},
        { cause: error },
      );
    }
  }
}
