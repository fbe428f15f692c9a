import type { CommandRunner } from '@tessera/core';
import { parseQuotaReport, type ProjectQuota } from './quota-report';

/** How to call xfs_quota: the executable, and whether through `sudo -n`. */
export interface XfsCommandSettings {
  xfsQuotaPath: string;
  useSudo: boolean;
}

/** An xfs_quota command that failed; `stderr` says why. */
export class XfsQuotaError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`xfs_quota -x -c '${command}' failed (exit ${exitCode}): ${stderr.trim() || 'no message'}`);
    this.name = 'XfsQuotaError';
  }
}

// xfs_quota reports some failures on stderr with exit status 0.
const FAILURE = /cannot|error|fail|invalid|no such|not permitted|unknown/i;

/** The xfs_quota expert commands the backend uses, run against one mount point. */
export class XfsCommands {
  constructor(
    private readonly run: CommandRunner,
    private readonly settings: XfsCommandSettings,
    private readonly mountPoint: string,
  ) {}

  /** Gives `directory` (recursively, and what is created in it later) project `id`. */
  async setupProject(directory: string, id: number): Promise<void> {
    await this.expert(`project -s -p ${directory} ${id}`);
  }

  /** Sets the project's hard block limit (null: none). */
  async limitProject(id: number, limitBytes: number | null): Promise<void> {
    await this.expert(`limit -p bhard=${limitBytes ?? 0} ${id}`);
  }

  async report(): Promise<Map<number, ProjectQuota>> {
    return parseQuotaReport(await this.expert('report -p -b -i -n -N'));
  }

  private async expert(command: string): Promise<string> {
    const args = ['-x', '-c', command, this.mountPoint];
    const [file, fullArgs] = this.settings.useSudo
      ? ['sudo', ['-n', this.settings.xfsQuotaPath, ...args]]
      : [this.settings.xfsQuotaPath, args];
    const result = await this.run(file, fullArgs);
    if (result.exitCode !== 0 || FAILURE.test(result.stderr))
      throw new XfsQuotaError(command, result.exitCode, result.stderr);
    return result.stdout;
  }
}
