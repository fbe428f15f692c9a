import { resolve } from 'node:path';
import type Dockerode from 'dockerode';
import {
  TesseraError,
  type AcceleratorContainerOptions,
  type KernelCreationSpec,
  type ServicePort,
} from '@tessera/core';
import { parseBinarySize } from './binary-size';
import { formatCpuSet } from './cpu-set-pool';
import type { RunnerMode } from './kernel-record';
import { CONTAINER_LABELS, KERNEL_PATHS, containerName } from './labels';
import { DEFAULT_BRIDGE } from './session-networks';

/**
 * The keep-alive of images without a runner: runs the image's and the user's bootstrap scripts
 * (their output goes to the container's log), says it is ready with a file in the ipc folder, then
 * sleeps until SIGTERM. Commands reach the container through `docker exec`.
 */
export const EXEC_KEEP_ALIVE = [
  'if [ -x /opt/container/bootstrap.sh ]; then /opt/container/bootstrap.sh; fi',
  'if [ -n "$TESSERA_BOOTSTRAP_SCRIPT" ]; then /bin/sh "$TESSERA_BOOTSTRAP_SCRIPT"; fi',
  `: > ${KERNEL_PATHS.ipc}/ready`,
  "trap 'exit 0' TERM INT",
  'while :; do sleep 3600 & wait $!; done',
].join('\n');

/** Everything the container is made from beside the spec. */
export interface ContainerInputs {
  scope: string;
  image: string;
  runnerMode: RunnerMode;
  /** The network to join: the session's, or the engine's default bridge. */
  network: string;
  /** The image's interpreter (socket mode). */
  runtimePath?: string;
  environ: string[];
  kernelUid: number;
  kernelGid: number;
  scratch: { workDir: string; configDir: string; ipcDir: string };
  /** The kernel runner's folder (socket mode). */
  runnerRoot?: string;
  /** Service ports with their host ports. */
  servicePorts: ServicePort[];
  bindHost: string;
  /** Cores to pin to; otherwise the cpu slot becomes a quota. */
  cpuSet?: number[];
  defaultShmem: string;
  pidsLimit: number;
  stopTimeout: number;
  /** The engine's socket, which no kernel may mount. */
  dockerSocket: string;
  /** Every accelerator's container options, merged by the agent (device requests, nodes, ...). */
  accelerator?: AcceleratorContainerOptions;
}

function slotNumber(spec: KernelCreationSpec, slot: string): number | undefined {
  const text = spec.resourceSlots[slot];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw TesseraError.badRequest('invalid-resource-amount', `The ${slot} slot is not a number: "${text}"`, {
      slot,
      value: text,
    });
  }
  return value;
}

/** The CPU limit in cores a kernel gets: its cpuset size when pinned, its cpu slot otherwise. */
export function cpuLimitOf(spec: KernelCreationSpec, cpuSet?: number[]): number | undefined {
  if (cpuSet) return cpuSet.length;
  const cpu = slotNumber(spec, 'cpu');
  return cpu && cpu > 0 ? cpu : undefined;
}

function mountsOf(spec: KernelCreationSpec, inputs: ContainerInputs): Dockerode.MountSettings[] {
  const intrinsic: Dockerode.MountSettings[] = [
    { Type: 'bind', Source: inputs.scratch.workDir, Target: KERNEL_PATHS.work, ReadOnly: false },
    { Type: 'bind', Source: inputs.scratch.configDir, Target: KERNEL_PATHS.config, ReadOnly: true },
    { Type: 'bind', Source: inputs.scratch.ipcDir, Target: KERNEL_PATHS.ipc, ReadOnly: false },
  ];
  if (inputs.runnerMode === 'socket') {
    intrinsic.push({ Type: 'bind', Source: inputs.runnerRoot!, Target: KERNEL_PATHS.runner, ReadOnly: true });
  }
  const requested = (spec.mounts ?? []).map((mount): Dockerode.MountSettings => {
    if (!mount.kernelPath.startsWith('/') || !mount.hostPath.startsWith('/')) {
      throw TesseraError.badRequest('invalid-api-params', 'Mount paths must be absolute', { mount });
    }
    if (resolve(mount.hostPath) === resolve(inputs.dockerSocket)) {
      throw TesseraError.badRequest('invalid-api-params', 'A kernel cannot mount the Docker socket', {
        mount,
      });
    }
    return {
      Type: 'bind',
      Source: mount.hostPath,
      Target: mount.kernelPath,
      ReadOnly: mount.permission === 'ro',
    };
  });
  const devices = (inputs.accelerator?.mounts ?? []).map((mount): Dockerode.MountSettings => {
    if (!mount.target.startsWith('/') || !mount.source.startsWith('/')) {
      throw TesseraError.internal('An accelerator asked for a mount with a relative path', { mount });
    }
    if (resolve(mount.source) === resolve(inputs.dockerSocket)) {
      throw TesseraError.internal('An accelerator asked to mount the Docker socket', { mount });
    }
    return { Type: 'bind', Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly };
  });
  return [...intrinsic, ...devices, ...requested];
}

/**
 * The accelerators' part of `HostConfig` (Backend.AI's `generate_docker_args`): device requests
 * (the NVIDIA container toolkit), device nodes, an OCI runtime and supplementary groups. Security
 * options are added to the kernel's own in `containerCreateOptions`; mounts in `mountsOf`.
 */
export function acceleratorHostConfig(
  options: AcceleratorContainerOptions | undefined,
): Partial<Dockerode.HostConfig> {
  if (!options) return {};
  const host: Partial<Dockerode.HostConfig> = {};
  if (options.deviceRequests?.length) {
    host.DeviceRequests = options.deviceRequests.map((request) => ({
      Driver: request.driver,
      DeviceIDs: [...request.deviceIds],
      Capabilities: request.capabilities.map((set) => [...set]),
    }));
  }
  if (options.devices?.length) {
    host.Devices = options.devices.map((device) => ({
      PathOnHost: device.pathOnHost,
      PathInContainer: device.pathInContainer,
      CgroupPermissions: device.cgroupPermissions,
    }));
  }
  if (options.runtime) host.Runtime = options.runtime;
  if (options.ipcMode === 'host') host.IpcMode = 'host';
  if (options.groupAdd?.length) host.GroupAdd = [...options.groupAdd];
  return host;
}

/** The container create options of a kernel. */
export function containerCreateOptions(
  spec: KernelCreationSpec,
  inputs: ContainerInputs,
): Dockerode.ContainerCreateOptions {
  const { network } = inputs;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of inputs.servicePorts) {
    port.containerPorts.forEach((containerPort, i) => {
      const hostPort = port.hostPorts[i];
      exposed[`${containerPort}/tcp`] = {};
      if (hostPort !== null) {
        bindings[`${containerPort}/tcp`] = [{ HostIp: inputs.bindHost, HostPort: String(hostPort) }];
      }
    });
  }
  const memory = slotNumber(spec, 'mem');
  const cpu = slotNumber(spec, 'cpu');
  const shmem = parseBinarySize(spec.resourceOpts?.shmem ?? inputs.defaultShmem, 'resource_opts.shmem');
  const command =
    inputs.runnerMode === 'socket'
      ? [inputs.runtimePath!, KERNEL_PATHS.runnerMain, '--listen', KERNEL_PATHS.runnerSocket]
      : ['/bin/sh', '-c', EXEC_KEEP_ALIVE];
  return {
    name: containerName(spec.kernelId),
    Image: inputs.image,
    Hostname: spec.cluster.hostname,
    User: `${inputs.kernelUid}:${inputs.kernelGid}`,
    WorkingDir: KERNEL_PATHS.work,
    Env: inputs.environ,
    Entrypoint: [],
    Cmd: command,
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ExposedPorts: exposed,
    StopTimeout: inputs.stopTimeout,
    Labels: {
      [CONTAINER_LABELS.kernelId]: spec.kernelId,
      [CONTAINER_LABELS.sessionId]: spec.sessionId,
      [CONTAINER_LABELS.owner]: spec.ownerAccessKey,
      [CONTAINER_LABELS.scope]: inputs.scope,
      [CONTAINER_LABELS.managed]: '1',
    },
    HostConfig: {
      Init: true,
      NetworkMode: network,
      PortBindings: bindings,
      Mounts: mountsOf(spec, inputs),
      ...(memory && memory > 0 ? { Memory: memory, MemorySwap: memory } : {}),
      ...(inputs.cpuSet
        ? { CpusetCpus: formatCpuSet(inputs.cpuSet) }
        : cpu && cpu > 0
          ? { NanoCpus: Math.round(cpu * 1e9) }
          : {}),
      // The host's IPC namespace brings the host's /dev/shm: a size of its own does not apply.
      ...(inputs.accelerator?.ipcMode === 'host' ? {} : { ShmSize: shmem }),
      ...(inputs.pidsLimit > 0 ? { PidsLimit: inputs.pidsLimit } : {}),
      Privileged: false,
      ReadonlyRootfs: false,
      CapDrop: ['ALL'],
      SecurityOpt: [
        'no-new-privileges',
        ...(inputs.accelerator?.securityOpt ?? []).filter((option) => option !== 'no-new-privileges'),
      ],
      ...acceleratorHostConfig(inputs.accelerator),
      RestartPolicy: { Name: 'no' },
      AutoRemove: false,
    },
    // The default bridge has no name resolution: a single kernel needs no alias.
    ...(network === DEFAULT_BRIDGE
      ? {}
      : { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.cluster.hostname] } } } }),
  };
}
