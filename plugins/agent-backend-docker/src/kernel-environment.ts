import type { KernelCreationSpec, ServicePort } from '@tessera/core';
import { KERNEL_PATHS } from './labels';

/** What the environment needs to know beside the spec. */
export interface EnvironmentInputs {
  kernelUid: number;
  kernelGid: number;
  /** The image's `ai.backend.runtime-path`, if any. */
  runtimePath?: string;
  /** Names from the image's `ai.backend.envs.corecount`, set to `coreCount`. */
  coreCountEnvs?: string;
  coreCount: number;
  servicePorts: ServicePort[];
  /** Whether the spec's bootstrap script was written to /home/config/bootstrap.sh. */
  hasBootstrapScript: boolean;
  /** The accelerators' variables (`KernelCreationExtra.environ`). */
  acceleratorEnviron: Record<string, string>;
}

/** `main1,sub1,...` and `main:1,sub:N`: Backend.AI's homogeneous cluster naming (ops-spec §10.1). */
export function clusterLayout(cluster: KernelCreationSpec['cluster']): { hosts: string; replicas: string } {
  if (cluster.size <= 1) return { hosts: cluster.hostname, replicas: `${cluster.role}:1` };
  const subs = Array.from({ length: cluster.size - 1 }, (_, i) => `sub${i + 1}`);
  return { hosts: ['main1', ...subs].join(','), replicas: `main:1,sub:${cluster.size - 1}` };
}

/** `jupyter:http:8090,...` as upstream's BACKENDAI_SERVICE_PORTS. */
function servicePortsVariable(ports: ServicePort[]): string {
  return ports
    .map((p) =>
      p.containerPorts.length === 1
        ? `${p.name}:${p.protocol}:${p.containerPorts[0]}`
        : `${p.name}:${p.protocol}:[${p.containerPorts.join(',')}]`,
    )
    .join(',');
}

/**
 * A kernel container's environment on top of the image's own (PATH, LANG, ... stay the image's):
 * the user's variables, then Backend.AI's (which users cannot override, ops-spec §3.11 and
 * §10.1), then what the accelerators asked for.
 */
export function kernelEnvironment(
  spec: KernelCreationSpec,
  inputs: EnvironmentInputs,
): Record<string, string> {
  const { hosts, replicas } = clusterLayout(spec.cluster);
  const backendAi: Record<string, string> = {
    HOME: KERNEL_PATHS.work,
    LOCAL_USER_ID: String(inputs.kernelUid),
    LOCAL_GROUP_ID: String(inputs.kernelGid),
    BACKENDAI_SESSION_ID: spec.sessionId,
    BACKENDAI_SESSION_NAME: spec.sessionName,
    BACKENDAI_KERNEL_ID: spec.kernelId,
    BACKENDAI_KERNEL_IMAGE: spec.image,
    BACKENDAI_ACCESS_KEY: spec.ownerAccessKey,
    BACKENDAI_USER_UUID: spec.ownerUserId,
    BACKENDAI_CLUSTER_MODE: spec.cluster.mode,
    BACKENDAI_CLUSTER_SIZE: String(spec.cluster.size),
    BACKENDAI_CLUSTER_HOSTS: hosts,
    BACKENDAI_CLUSTER_REPLICAS: replicas,
    BACKENDAI_CLUSTER_HOST: spec.cluster.hostname,
    BACKENDAI_CLUSTER_IDX: String(spec.cluster.idx),
    BACKENDAI_CLUSTER_ROLE: spec.cluster.role,
    BACKENDAI_CLUSTER_LOCAL_RANK: String(spec.cluster.localRank),
  };
  if (inputs.servicePorts.length > 0) {
    backendAi.BACKENDAI_SERVICE_PORTS = servicePortsVariable(inputs.servicePorts);
  }
  if (inputs.runtimePath) backendAi.BACKENDAI_RUNTIME_PATH = inputs.runtimePath;
  if (inputs.hasBootstrapScript) backendAi.TESSERA_BOOTSTRAP_SCRIPT = KERNEL_PATHS.bootstrapScript;
  const coreCount: Record<string, string> = {};
  for (const name of (inputs.coreCountEnvs ?? '').split(',').map((n) => n.trim())) {
    if (name) coreCount[name] = String(inputs.coreCount);
  }
  return { ...coreCount, ...spec.environ, ...backendAi, ...inputs.acceleratorEnviron };
}

/** `KEY=VALUE` list as Docker wants it. */
export function environmentList(environ: Record<string, string>): string[] {
  return Object.entries(environ).map(([key, value]) => `${key}=${value}`);
}
