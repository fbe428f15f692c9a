import type Dockerode from 'dockerode';
import type { Logger } from '@tessera/core';
import { dockerMessage, dockerStatus } from './docker-errors';

const RETRY_MS = 1000;

/** Exit code of a main process killed with SIGKILL (what the OOM killer sends), as docker-init reports it. */
const KILLED = 128 + 9;

/** How a kernel's container ended. */
export interface ContainerEnd {
  exitCode: number | null;
  /**
   * The OOM killer ended the kernel: Docker's State.OOMKilled (an OOM kill happened in the
   * container's cgroup) and the main process died of SIGKILL. A user's subprocess killed for
   * memory while the runner lived on does not count.
   */
  oomKilled: boolean;
}

/**
 * Waits for a running container to stop (`POST /containers/{id}/wait`), then inspects it: the exit
 * code, and whether the OOM killer ended it. A wait cut off by the engine (dockerd restarting) is
 * made again; a container removed behind our back ends with a null exit code. `stop()` ends the
 * watch without an answer (the agent detaching from its kernels).
 */
export class ExitWatch {
  readonly ended: Promise<ContainerEnd>;
  private readonly abort = new AbortController();
  private settled: ContainerEnd | undefined;

  constructor(
    private readonly container: Dockerode.Container,
    private readonly log: Logger,
  ) {
    this.ended = this.watch();
    this.ended.catch(() => undefined);
  }

  /** How the container ended, once it has. */
  get end(): ContainerEnd | undefined {
    return this.settled;
  }

  stop(): void {
    this.abort.abort();
  }

  private async watch(): Promise<ContainerEnd> {
    for (;;) {
      try {
        const answer = (await this.container.wait({
          condition: 'not-running',
          abortSignal: this.abort.signal,
        })) as {
          StatusCode?: number;
        };
        this.settled = await this.inspectEnd(answer.StatusCode ?? null);
        return this.settled;
      } catch (error) {
        if (this.abort.signal.aborted) return new Promise<ContainerEnd>(() => undefined);
        if (dockerStatus(error) === 404) {
          this.settled = { exitCode: null, oomKilled: false };
          return this.settled;
        }
        this.log.warn('waiting for a kernel container failed; waiting again', {
          error: dockerMessage(error),
        });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private async inspectEnd(statusCode: number | null): Promise<ContainerEnd> {
    try {
      const { State } = await this.container.inspect();
      const exitCode = State.ExitCode ?? statusCode;
      return { exitCode, oomKilled: Boolean(State.OOMKilled) && exitCode === KILLED };
    } catch {
      return { exitCode: statusCode, oomKilled: false };
    }
  }
}
