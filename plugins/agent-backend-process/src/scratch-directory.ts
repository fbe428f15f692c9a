import { access, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import {
  TesseraError,
  type DeviceAllocation,
  type KernelCreationSpec,
  type KernelMount,
} from '@tessera/core';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const RECORD_FILE = 'kernel.json';
/** Where kernels expect their home (Backend.AI's /home/work); the scratch's `work` stands for it. */
const KERNEL_HOME = '/home/work';

/**
 * What the backend keeps beside a kernel (`<root>/<kernelId>/kernel.json`) so that a later agent
 * process can find what this one left: the kernel's process group (its runner's pid), the spec and
 * the device allocation.
 */
export interface KernelRecord {
  kernelId: string;
  /** Process group of the kernel: the runner's pid, the group's leader. */
  pgid: number;
  /** The runner script the group's leader runs. */
  runnerScript: string;
  /** The agent process that made the kernel (pid and start time, which together name it). */
  agent?: { pid: number; startTime: number };
  createdAt: string;
  spec: KernelCreationSpec;
  deviceAllocation: DeviceAllocation;
}

/**
 * A kernel's scratch space: `<root>/<kernelId>/work` is its home and working directory (Backend.AI's
 * /home/work), `<root>/<kernelId>/config` holds environ.txt, resource.txt and the session's
 * bootstrap script (/home/config), and `<root>/<kernelId>/kernel.json` the backend's record.
 */
export class ScratchDirectory {
  readonly path: string;
  readonly workDir: string;
  readonly configDir: string;

  constructor(root: string, kernelId: string) {
    if (!ScratchDirectory.isKernelId(kernelId)) {
      throw TesseraError.badRequest('invalid-api-params', 'A kernel id must be usable as a folder name', {
        kernelId,
        expected: 'letters, digits, "_", "-" and "."',
      });
    }
    this.path = join(root, kernelId);
    this.workDir = join(this.path, 'work');
    this.configDir = join(this.path, 'config');
  }

  /** Whether `name` can be a kernel id, and so a scratch directory's name. */
  static isKernelId(name: string): boolean {
    return SAFE_SEGMENT.test(name);
  }

  async create(): Promise<void> {
    await mkdir(this.workDir, { recursive: true });
    await mkdir(this.configDir, { recursive: true });
  }

  /** Writes `KEY=VALUE` lines, as Backend.AI's environ.txt and resource.txt are written. */
  async writeConfig(
    fileName: 'environ.txt' | 'resource.txt',
    entries: Record<string, string>,
  ): Promise<void> {
    const body = Object.entries(entries)
      .map(([key, value]) => `${key}=${value.replace(/\n/g, ' ')}\n`)
      .join('');
    await writeFile(join(this.configDir, fileName), body, { mode: 0o600 });
  }

  /**
   * Makes the kernel's vfolders appear where it expects them: a host process has no mount
   * namespace, so `/home/work/<path>` becomes a symbolic link at `<work>/<path>` to the folder.
   * Paths outside /home/work cannot be placed and are refused, naming the path. Without a mount
   * namespace nothing can make an `ro` mount read-only; the Docker backend enforces it.
   */
  async linkMounts(mounts: readonly KernelMount[]): Promise<void> {
    for (const mount of mounts) {
      const inside = posix.relative(KERNEL_HOME, posix.normalize(mount.kernelPath));
      if (inside === '' || inside.startsWith('..') || posix.isAbsolute(inside)) {
        throw TesseraError.badRequest(
          'invalid-api-params',
          `The process backend can only mount vfolders under ${KERNEL_HOME}, not at "${mount.kernelPath}"`,
          { kernelPath: mount.kernelPath, expected: `a path under ${KERNEL_HOME}` },
        );
      }
      const link = join(this.workDir, ...inside.split('/'));
      await mkdir(dirname(link), { recursive: true });
      await symlink(mount.hostPath, link, 'dir');
    }
  }

  /** Writes the session's bootstrap script; returns its path. */
  async writeBootstrapScript(script: string): Promise<string> {
    const path = join(this.configDir, 'bootstrap.sh');
    await writeFile(path, script.endsWith('\n') ? script : `${script}\n`, { mode: 0o700 });
    return path;
  }

  async writeRecord(record: KernelRecord): Promise<void> {
    await writeFile(join(this.path, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  }

  /** The record, or null when there is none or it cannot be read. */
  async readRecord(): Promise<KernelRecord | null> {
    try {
      const record = JSON.parse(await readFile(join(this.path, RECORD_FILE), 'utf8')) as KernelRecord;
      return Number.isInteger(record.pgid) ? record : null;
    } catch {
      return null;
    }
  }

  /** Whether the folder looks like a scratch directory this backend made. */
  async looksLikeScratch(): Promise<boolean> {
    const found = await Promise.all(
      [RECORD_FILE, 'config', 'work'].map((entry) =>
        access(join(this.path, entry)).then(
          () => true,
          () => false,
        ),
      ),
    );
    return found.some(Boolean);
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}
