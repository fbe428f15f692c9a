import { cpus } from 'node:os';
import type Dockerode from 'dockerode';
import { RUNNER_ROOT } from '@tessera/kernel-runner';
import {
  TesseraError,
  type KernelCreationExtra,
  type KernelCreationSpec,
  type Logger,
  type ServicePort,
} from '@tessera/core';
import { liveKernel, removeContainer, type BackendContext, type LiveKernel } from './backend-context';
import { demultiplexLogs } from './container-logs';
import { containerCreateOptions, cpuLimitOf } from './container-spec';
import { dockerMessage, ignoringGone } from './docker-errors';
import { ExitWatch } from './exit-watch';
import type { KernelImage } from './kernel-images';
import { environmentList, kernelEnvironment } from './kernel-environment';
import type { KernelRecord, RunnerMode } from './kernel-record';
import { CONTAINER_LABELS, IMAGE_LABELS, containerName } from './labels';
import { Rollback } from './rollback';
import { attachRunner } from './runner-attachment';
import { ScratchDirectory } from './scratch-directory';
import { parseServicePorts } from './service-ports';

/** Times a creation is tried again when a host port turned out taken between pick and start. */
const PORT_CONFLICT_ATTEMPTS = 3;
/** Lines of the container's log put into a failed creation's error. */
const FAILURE_LOG_LINES = 20;

function isPortConflict(error: unknown): boolean {
  return /port is already allocated|address already in use/i.test(dockerMessage(error));
}

/** One kernel being created: what its steps share. */
interface Creation {
  spec: KernelCreationSpec;
  extra: KernelCreationExtra;
  image: KernelImage;
  declared: ServicePort[];
  runnerMode: RunnerMode;
  scratch: ScratchDirectory;
  cpuSet?: number[];
  /** The network the container joins (set once acquired). */
  network?: string;
  /** The container once created, for its log when a later step fails. */
  container?: Dockerode.Container;
}

/**
 * Creates a kernel's container and waits for its runner: image, service ports, scratch directory,
 * pinned cores, the session network, host ports, config files, the container, the runner. A step
 * that fails undoes the ones before it in reverse order, so nothing is left behind; the error
 * carries the container's last log lines.
 */
export async function createKernelContainer(
  context: BackendContext,
  spec: KernelCreationSpec,
  extra: KernelCreationExtra,
): Promise<LiveKernel> {
  const log = context.log.child({ kernelId: spec.kernelId, sessionId: spec.sessionId });
  const started = Date.now();
  const image = await context.images.resolve(spec.image);
  const creation: Creation = {
    spec,
    extra,
    image,
    declared: parseServicePorts(
      image.labels[IMAGE_LABELS.servicePorts],
      image.labels[IMAGE_LABELS.endpointPorts],
    ),
    runnerMode: image.runtimePath ? 'socket' : 'exec',
    scratch: new ScratchDirectory(context.settings.scratchRoot, spec.kernelId),
  };
  const rollback = new Rollback(log);
  try {
    await removeStaleContainer(context, spec.kernelId, log);
    // Creating a network takes a few hundred milliseconds: it goes on while the scratch space is made.
    const network = context.networks.acquire(spec.sessionId, spec.kernelId, spec.cluster.size);
    network.catch(() => undefined);
    rollback.add('session network', async () => {
      const joined = await network.then(
        () => true,
        () => false,
      );
      if (joined) await context.networks.release(spec.sessionId, spec.kernelId);
    });
    await creation.scratch.remove();
    rollback.add('scratch directory', () => creation.scratch.remove());
    await creation.scratch.create(context.owner);
    if (context.settings.cpuPinning) {
      const cpu = Number(spec.resourceSlots.cpu ?? '1');
      creation.cpuSet = context.cores.allocate(
        spec.kernelId,
        Math.max(1, Math.ceil(Number.isFinite(cpu) ? cpu : 1)),
      );
      rollback.add('pinned cores', () => context.cores.release(spec.kernelId));
    }
    creation.network = await network;
    const { container, record } = await startContainer(context, creation, rollback, log);
    const watch = new ExitWatch(container, log);
    rollback.add('exit watch', () => watch.stop());
    const runner = await attachRunner(
      context,
      { container, scratch: creation.scratch, mode: creation.runnerMode, watch, reattach: false },
      log,
    );
    log.info('kernel container started', {
      containerId: container.id,
      image: spec.image,
      runnerMode: creation.runnerMode,
      servicePorts: record.servicePorts,
      ms: Date.now() - started,
    });
    return liveKernel(container, creation.scratch, record, runner, watch);
  } catch (error) {
    const logs = creation.container ? await failureLogs(creation.container) : undefined;
    await rollback.run();
    if (error instanceof TesseraError) {
      if (logs) Object.assign(error.details, { containerLog: logs });
      throw error;
    }
    throw new TesseraError(
      'session-start-failed',
      `The kernel's container did not start: ${dockerMessage(error)}`,
      { kernelId: spec.kernelId, image: spec.image, containerLog: logs },
      {},
      { cause: error },
    );
  }
}

/**
 * Picks host ports, writes the kernel's files, creates and starts the container. A host port
 * someone else took between the pick and the start makes it try again with other ports.
 */
async function startContainer(
  context: BackendContext,
  creation: Creation,
  rollback: Rollback,
  log: Logger,
): Promise<{ container: Dockerode.Container; record: KernelRecord }> {
  const { settings } = context;
  const { spec, extra, image, runnerMode, scratch, cpuSet } = creation;
  for (let attempt = 1; ; attempt++) {
    const servicePorts = await mapServicePorts(context, creation.declared);
    const attemptRollback = new Rollback(log);
    attemptRollback.add('host ports', () => context.ports.release(servicePorts.flatMap((p) => p.hostPorts)));
    try {
      const record = await writeKernelFiles(context, creation, servicePorts);
      const environ = kernelEnvironment(spec, {
        kernelUid: settings.kernelUid,
        kernelGid: settings.kernelGid,
        runtimePath: image.labels[IMAGE_LABELS.runtimePath],
        coreCountEnvs: image.labels[IMAGE_LABELS.coreCountEnvs],
        coreCount: Math.max(1, Math.ceil(record.cpuLimit ?? cpus().length)),
        servicePorts,
        hasBootstrapScript: Boolean(spec.bootstrapScript),
        acceleratorEnviron: extra.environ,
      });
      const container = await context.docker.createContainer(
        containerCreateOptions(spec, {
          scope: settings.scope,
          image: image.name,
          network: creation.network!,
          runnerMode,
          runtimePath: image.runtimePath,
          environ: environmentList(environ),
          kernelUid: settings.kernelUid,
          kernelGid: settings.kernelGid,
          scratch,
          runnerRoot: runnerMode === 'socket' ? (settings.runnerRoot ?? RUNNER_ROOT) : undefined,
          servicePorts,
          bindHost: settings.bindHost,
          cpuSet,
          defaultShmem: settings.defaultShmem,
          pidsLimit: settings.pidsLimit,
          stopTimeout: settings.stopTimeout,
          dockerSocket: settings.socketPath,
          accelerator: extra.container,
        }),
      );
      creation.container = container;
      attemptRollback.add('container', () => removeContainer(container));
      await container.start();
      rollback.add('container and host ports', () => attemptRollback.run());
      return { container, record };
    } catch (error) {
      await attemptRollback.run();
      if (attempt < PORT_CONFLICT_ATTEMPTS && isPortConflict(error)) {
        log.info('a host port was taken before the kernel started; trying other ports', {
          attempt,
          error: dockerMessage(error),
        });
        continue;
      }
      throw error;
    }
  }
}

/** The image's service ports with host ports from the pool. */
async function mapServicePorts(context: BackendContext, declared: ServicePort[]): Promise<ServicePort[]> {
  const count = declared.reduce((sum, port) => sum + port.containerPorts.length, 0);
  const hostPorts = count > 0 ? await context.ports.allocate(count) : [];
  return declared.map((port) => ({ ...port, hostPorts: port.containerPorts.map(() => hostPorts.shift()!) }));
}

/** environ.txt, resource.txt and bootstrap.sh for the kernel; kernel.json for the agent. */
async function writeKernelFiles(
  context: BackendContext,
  creation: Creation,
  servicePorts: ServicePort[],
): Promise<KernelRecord> {
  const { spec, extra, runnerMode, scratch, cpuSet } = creation;
  const cpuLimit = cpuLimitOf(spec, cpuSet);
  const record: KernelRecord = {
    version: 1,
    scope: context.settings.scope,
    spec,
    deviceAllocation: extra.deviceAllocation,
    servicePorts,
    runnerMode,
    network: creation.network,
    ...(cpuSet ? { cpuSet } : {}),
    ...(cpuLimit !== undefined ? { cpuLimit } : {}),
    createdAt: new Date().toISOString(),
  };
  await scratch.writeRecord(record);
  await scratch.writeKeyValues('environ.txt', { ...spec.environ, ...extra.environ }, context.owner);
  await scratch.writeKeyValues(
    'resource.txt',
    {
      SCRATCH_SIZE: '0',
      MOUNTS: (spec.mounts ?? []).map((m) => `${m.hostPath}:${m.kernelPath}:${m.permission}`).join(','),
      SLOTS: JSON.stringify(spec.resourceSlots),
      ...(cpuSet ? { CPU_CORES: cpuSet.join(',') } : {}),
      ...extra.resourceData,
    },
    context.owner,
  );
  if (spec.bootstrapScript) {
    const script = spec.bootstrapScript.startsWith('#!')
      ? spec.bootstrapScript
      : `#!/bin/sh\n${spec.bootstrapScript}`;
    await scratch.writeForKernel(
      'bootstrap.sh',
      script.endsWith('\n') ? script : `${script}\n`,
      0o700,
      context.owner,
    );
  }
  return record;
}

/** A container left under the kernel's name: this scope's is removed, another agent's fails the create. */
async function removeStaleContainer(context: BackendContext, kernelId: string, log: Logger): Promise<void> {
  const container = context.docker.getContainer(containerName(kernelId));
  const info = await ignoringGone(() => container.inspect());
  if (!info) return;
  const scope = info.Config?.Labels?.[CONTAINER_LABELS.scope];
  if (scope !== context.settings.scope) {
    throw new TesseraError(
      'session-start-failed',
      `A container named ${containerName(kernelId)} already exists and is not this agent's`,
      { kernelId, containerId: info.Id, scope: scope ?? null },
    );
  }
  log.warn('removing a stale container of this kernel', { containerId: info.Id, state: info.State?.Status });
  await removeContainer(container);
}

async function failureLogs(container: Dockerode.Container): Promise<string | undefined> {
  try {
    const buffer = await container.logs({
      stdout: true,
      stderr: true,
      follow: false,
      tail: FAILURE_LOG_LINES,
    });
    return demultiplexLogs(buffer).trim() || undefined;
  } catch {
    return undefined;
  }
}
