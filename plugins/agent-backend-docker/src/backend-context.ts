import type Dockerode from 'dockerode';
import type { Logger, RunnerChannel } from '@tessera/core';
import type { Config } from './config.generated';
import type { CpuSetPool } from './cpu-set-pool';
import { ignoringGone } from './docker-errors';
import type { ExitWatch } from './exit-watch';
import type { KernelImages } from './kernel-images';
import type { KernelRecord } from './kernel-record';
import type { PortPool } from './port-pool';
import type { Owner, ScratchDirectory } from './scratch-directory';
import type { SessionNetworks } from './session-networks';

/** The backend's settings: the plugin config with its defaults resolved. */
export interface DockerBackendSettings extends Omit<Config, 'scope' | 'scratchRoot'> {
  scope: string;
  scratchRoot: string;
  /** Folder with the kernel runner's main.py, mounted into Python kernels (@tessera/kernel-runner's by default). */
  runnerRoot?: string;
}

/** What creating, recovering and destroying kernels share: the engine and what the agent hands out. */
export interface BackendContext {
  settings: DockerBackendSettings;
  docker: Dockerode;
  images: KernelImages;
  networks: SessionNetworks;
  ports: PortPool;
  cores: CpuSetPool;
  /** The kernel user. */
  owner: Owner;
  log: Logger;
}

/** A kernel the backend runs: its container, scratch space, record, runner and exit watch. */
export interface LiveKernel {
  kernelId: string;
  sessionId: string;
  container: Dockerode.Container;
  scratch: ScratchDirectory;
  record: KernelRecord;
  runner: RunnerChannel;
  watch: ExitWatch;
  exited: Promise<number | null>;
  destroying?: Promise<number | null>;
}

export function liveKernel(
  container: Dockerode.Container,
  scratch: ScratchDirectory,
  record: KernelRecord,
  runner: RunnerChannel,
  watch: ExitWatch,
): LiveKernel {
  return {
    kernelId: record.spec.kernelId,
    sessionId: record.spec.sessionId,
    container,
    scratch,
    record,
    runner,
    watch,
    exited: watch.ended.then((end) => end.exitCode),
  };
}

/** Removes a container whatever its state (and its anonymous volumes); a gone one is fine. */
export async function removeContainer(container: Dockerode.Container): Promise<void> {
  await ignoringGone(() => container.remove({ force: true, v: true }));
}
