import { TesseraError, type CommandRunner } from '@tessera/core';
import { parseQgroupTable, type QgroupRow } from './qgroup-table';

/** How to call btrfs-progs: the executable, and whether through `sudo -n`. */
export interface BtrfsCommandSettings {
  btrfsPath: string;
  useSudo: boolean;
}

/** A btrfs command that exited with an error; `stderr` says why. */
export class BtrfsCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`btrfs ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no message'}`);
    this.name = 'BtrfsCommandError';
  }
}

/** The btrfs-progs commands the backend uses, each one call of the `btrfs` tool. */
export class BtrfsCommands {
  constructor(
    private readonly run: CommandRunner,
    private readonly settings: BtrfsCommandSettings,
  ) {}

  quotaEnable(path: string): Promise<string> {
    return this.btrfs(['quota', 'enable', path]);
  }

  quotaRescan(path: string): Promise<string> {
    return this.btrfs(['quota', 'rescan', '-w', path]);
  }

  sync(path: string): Promise<string> {
    return this.btrfs(['filesystem', 'sync', path]);
  }

  qgroupCreate(qgroup: string, path: string): Promise<string> {
    return this.btrfs(['qgroup', 'create', qgroup, path]);
  }

  qgroupDestroy(qgroup: string, path: string): Promise<string> {
    return this.btrfs(['qgroup', 'destroy', qgroup, path]);
  }

  /** Limits what `qgroup` references (null: no limit). */
  qgroupLimit(qgroup: string, limitBytes: number | null, path: string): Promise<string> {
    return this.btrfs(['qgroup', 'limit', limitBytes === null ? 'none' : String(limitBytes), qgroup, path]);
  }

  /** Every qgroup of the filesystem, and whether btrfs says its numbers need a rescan. */
  async qgroupShow(path: string): Promise<{ rows: Map<string, QgroupRow>; inconsistent: boolean }> {
    const { stdout, stderr } = await this.call(['qgroup', 'show', '--raw', '-re', path]);
    return { rows: parseQgroupTable(stdout), inconsistent: /inconsistent/i.test(stderr) };
  }

  /** Creates subvolume `path`, a member of `parentQgroup` from the start. */
  subvolumeCreate(path: string, parentQgroup: string): Promise<string> {
    return this.btrfs(['subvolume', 'create', '-i', parentQgroup, path]);
  }

  subvolumeSnapshot(source: string, target: string, parentQgroup: string): Promise<string> {
    return this.btrfs(['subvolume', 'snapshot', '-i', parentQgroup, source, target]);
  }

  subvolumeDelete(path: string): Promise<string> {
    return this.btrfs(['subvolume', 'delete', path]);
  }

  /** The id of the subvolume holding `path`. */
  async subvolumeId(path: string): Promise<number> {
    const output = (await this.btrfs(['inspect-internal', 'rootid', path])).trim();
    const id = Number(output);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw TesseraError.internal(
        `btrfs inspect-internal rootid ${path} answered "${output}", not a subvolume id`,
      );
    return id;
  }

  private async btrfs(args: string[]): Promise<string> {
    return (await this.call(args)).stdout;
  }

  private async call(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const [command, fullArgs] = this.settings.useSudo
      ? ['sudo', ['-n', this.settings.btrfsPath, ...args]]
      : [this.settings.btrfsPath, args];
    const result = await this.run(command, fullArgs);
    if (result.exitCode !== 0) throw new BtrfsCommandError(args, result.exitCode, result.stderr);
    return result;
  }
}
