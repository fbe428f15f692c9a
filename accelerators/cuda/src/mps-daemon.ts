import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@tessera/core';
import type { CommandRunner } from '@tessera/core';

/** The folders MPS clients and the control daemon meet in. */
export interface MpsDirectories {
  /** `CUDA_MPS_PIPE_DIRECTORY`: the daemon's control pipes. */
  pipe: string;
  /** `CUDA_MPS_LOG_DIRECTORY`: control.log and server.log. */
  log: string;
}

export function mpsDirectories(dataDir: string): MpsDirectories {
  return { pipe: join(dataDir, 'mps', 'pipe'), log: join(dataDir, 'mps', 'log') };
}

/**
 * The NVIDIA MPS control daemon, run by the plugin while shares are configured: started with
 * `nvidia-cuda-mps-control -d` and its pipe and log folders under the plugin's data folder, stopped
 * by writing `quit` to its control command. Kernels reach it through the same folders, mounted at
 * the same paths in their containers.
 */
export class MpsDaemon {
  private running = false;

  constructor(
    private readonly run: CommandRunner,
    private readonly controlPath: string,
    readonly directories: MpsDirectories,
    private readonly log: Logger,
  ) {}

  private env(): Record<string, string> {
    return {
      CUDA_MPS_PIPE_DIRECTORY: this.directories.pipe,
      CUDA_MPS_LOG_DIRECTORY: this.directories.log,
    };
  }

  async start(): Promise<void> {
    await mkdir(this.directories.pipe, { recursive: true });
    await mkdir(this.directories.log, { recursive: true });
    const result = await this.run(this.controlPath, ['-d'], { env: this.env() });
    if (result.exitCode !== 0) {
      const output = (result.stderr.trim() || result.stdout.trim()).split('\n')[0] ?? '';
      throw new Error(
        `accelerator-cuda: cannot start the MPS control daemon (${this.controlPath} -d exited with ${result.exitCode}${output ? `: ${output}` : ''}); cuda.shares cannot be enforced without it`,
      );
    }
    this.running = true;
    this.log.info('MPS control daemon started', { ...this.directories });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const result = await this.run(this.controlPath, [], { env: this.env(), input: 'quit\n' });
    this.running = false;
    if (result.exitCode !== 0) {
      this.log.warn('MPS control daemon did not take quit', {
        exitCode: result.exitCode,
        stderr: result.stderr,
      });
      return;
    }
    this.log.info('MPS control daemon stopped');
  }

  get isRunning(): boolean {
    return this.running;
  }
}
