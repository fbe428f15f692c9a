import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TesseraError } from '@tessera/core';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * A kernel's scratch space: `<root>/<kernelId>/work` is its home and working directory (Backend.AI's
 * /home/work), `<root>/<kernelId>/config` holds environ.txt and resource.txt (/home/config).
 */
export class ScratchDirectory {
  readonly path: string;
  readonly workDir: string;
  readonly configDir: string;

  constructor(root: string, kernelId: string) {
    if (!SAFE_SEGMENT.test(kernelId)) {
      throw TesseraError.badRequest('invalid-api-params', 'A kernel id must be usable as a folder name', {
        kernelId,
        expected: 'letters, digits, "_", "-" and "."',
      });
    }
    this.path = join(root, kernelId);
    this.workDir = join(this.path, 'work');
    this.configDir = join(this.path, 'config');
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

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}
