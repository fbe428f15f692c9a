import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import Dockerode from 'dockerode';
import {
  createLogger,
  hostArchitecture,
  type BackendKernel,
  type KernelCreationExtra,
  type KernelCreationSpec,
  type RunnerMessage,
} from '@tessera/core';
import { DockerBackend, type DockerBackendSettings } from '@tessera/agent-backend-docker';
import { requireServices } from '../../support/halfstack';

export const PYTHON_IMAGE = 'tessera/python:3.11-debian12';
export const BUSYBOX_IMAGE = 'tessera/busybox:latest';
export const NO_EXTRA: KernelCreationExtra = { environ: {}, resourceData: {}, deviceAllocation: {} };

/** The halfstack engine's socket path (`unix:///var/run/docker.sock` -> `/var/run/docker.sock`). */
export async function dockerSocketPath(): Promise<string> {
  const { docker } = await requireServices(['docker']);
  return docker.replace(/^unix:\/\//, '');
}

/** Fails (not skips) when the images `scripts/images build` makes are missing. */
export async function requireImages(docker: Dockerode, images: string[]): Promise<void> {
  for (const image of images) {
    try {
      await docker.getImage(image).inspect();
    } catch {
      throw new Error(`the Docker image ${image} is missing: build it with \`sudo scripts/images build\``);
    }
  }
}

/**
 * A Docker backend of its own for one test file: a unique scope (so tests never touch each other's
 * or anyone else's containers), a temporary scratch root and its own slice of host ports.
 * `cleanUp` removes whatever carries the scope, whatever state the test left.
 */
export class DockerTestBench {
  readonly scope = `tessera-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly scratchRoot = mkdtempSync(join(tmpdir(), 'tessera-docker-scratch-'));
  readonly docker: Dockerode;
  private readonly backends: DockerBackend[] = [];

  constructor(
    readonly socketPath: string,
    private readonly portRange: [number, number],
  ) {
    this.docker = new Dockerode({ socketPath });
  }

  static async open(portRange: [number, number]): Promise<DockerTestBench> {
    const socketPath = await dockerSocketPath();
    await requireImages(new Dockerode({ socketPath }), [PYTHON_IMAGE, BUSYBOX_IMAGE]);
    return new DockerTestBench(socketPath, portRange);
  }

  settings(overrides: Partial<DockerBackendSettings> = {}): DockerBackendSettings {
    return {
      socketPath: this.socketPath,
      scope: this.scope,
      kernelUid: 1000,
      kernelGid: 1000,
      bindHost: '127.0.0.1',
      portRange: this.portRange,
      defaultShmem: '64m',
      pidsLimit: 4096,
      cpuPinning: false,
      readyTimeout: 30,
      stopTimeout: 2,
      scratchRoot: this.scratchRoot,
      imageFilter: true,
      singleKernelNetwork: 'auto',
      ...overrides,
    };
  }

  /** A new backend on this bench; `close` of the bench lets go of it. */
  backend(overrides: Partial<DockerBackendSettings> = {}): DockerBackend {
    const backend = new DockerBackend(this.settings(overrides), createLogger({ level: 'silent' }));
    this.backends.push(backend);
    return backend;
  }

  /** Containers of this bench's scope, running or not. */
  containers(): Promise<Dockerode.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { label: [`tessera.scope=${this.scope}`] } });
  }

  networks(): Promise<Dockerode.NetworkInspectInfo[]> {
    return this.docker.listNetworks({ filters: { label: [`tessera.scope=${this.scope}`] } });
  }

  async cleanUp(): Promise<void> {
    for (const backend of this.backends.splice(0)) backend.close();
    for (const container of await this.containers()) {
      await this.docker
        .getContainer(container.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    }
    for (const network of await this.networks()) {
      await this.docker
        .getNetwork(network.Id)
        .remove()
        .catch(() => undefined);
    }
    rmSync(this.scratchRoot, { recursive: true, force: true });
  }
}

/** A single-kernel session's spec for the python image, with fresh ids. */
export function dockerKernelSpec(overrides: Partial<KernelCreationSpec> = {}): KernelCreationSpec {
  const kernelId = randomUUID();
  return {
    kernelId,
    sessionId: randomUUID(),
    sessionName: `docker-${kernelId.slice(0, 8)}`,
    sessionType: 'interactive',
    image: PYTHON_IMAGE,
    architecture: hostArchitecture(),
    resourceSlots: { cpu: '1', mem: String(256 * 1024 ** 2) },
    environ: {},
    cluster: { mode: 'single-node', size: 1, role: 'main', idx: 1, localRank: 0, hostname: 'main1' },
    ownerAccessKey: 'AKIAIOSFODNN7EXAMPLE',
    ownerUserId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    ...overrides,
  };
}

/** What one run printed and how it ended. */
export interface RunOutcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs code on a kernel's runner and collects each run's output until its `finished`. Runs may be
 * queued: the runner works on one at a time, in order, so output and `finished` belong to the
 * oldest run not yet finished. `op` is `code` for a query snippet, or `exec` for a batch command.
 */
export class KernelConsole {
  private readonly waiting: Array<(message: RunnerMessage) => void> = [];
  private readonly runs: Array<{ outcome: RunOutcome; done: () => void }> = [];

  constructor(readonly kernel: BackendKernel) {
    kernel.runner.onMessage((message) => {
      const run = this.runs[0];
      if (run && message.op === 'stdout') run.outcome.stdout += String(message.data);
      else if (run && message.op === 'stderr') run.outcome.stderr += String(message.data);
      else if (run && message.op === 'finished') {
        run.outcome.exitCode = (message.data as { exitCode?: number } | null)?.exitCode ?? null;
        this.runs.shift();
        run.done();
      }
      for (const listener of [...this.waiting]) listener(message);
    });
  }

  run(code: string, op: 'code' | 'exec' = 'code', timeoutMs = 30_000): Promise<RunOutcome> {
    return new Promise((resolve, reject) => {
      const outcome: RunOutcome = { stdout: '', stderr: '', exitCode: null };
      const timer = setTimeout(
        () =>
          reject(new Error(`no finished for ${JSON.stringify(code.slice(0, 80))} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.runs.push({
        outcome,
        done: () => {
          clearTimeout(timer);
          resolve(outcome);
        },
      });
      this.kernel.runner.send({ op, data: code });
    });
  }

  /** Runs a snippet and answers its stdout, failing on anything on stderr. */
  async python(code: string, timeoutMs?: number): Promise<string> {
    const outcome = await this.run(code, 'code', timeoutMs);
    if (outcome.stderr) throw new Error(`the snippet failed:\n${outcome.stderr}`);
    return outcome.stdout;
  }

  /** Waits for one message of `op` and answers its data. */
  next(op: string, timeoutMs = 30_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${op} within ${timeoutMs} ms`)), timeoutMs);
      const listen = (message: RunnerMessage): void => {
        if (message.op !== op) return;
        clearTimeout(timer);
        this.waiting.splice(this.waiting.indexOf(listen), 1);
        resolve(message.data);
      };
      this.waiting.push(listen);
    });
  }
}
