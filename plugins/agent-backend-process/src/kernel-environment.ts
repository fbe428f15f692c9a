import { userInfo } from 'node:os';
import type { KernelCreationSpec } from '@tessera/core';

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The agent's user name; `work` (Backend.AI's kernel user) when the host has no entry for its uid. */
function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'work';
  }
}

/** `main1,sub1,...` and `main:1,sub:N`: Backend.AI's homogeneous cluster naming. */
function clusterLayout(spec: KernelCreationSpec): { hosts: string; replicas: string } {
  const { size, role, hostname } = spec.cluster;
  if (size <= 1) return { hosts: hostname, replicas: `${role}:1` };
  const subs = Array.from({ length: size - 1 }, (_, i) => `sub${i + 1}`);
  return { hosts: ['main1', ...subs].join(','), replicas: `main:1,sub:${size - 1}` };
}

/**
 * The environment a process kernel starts with. It does not inherit the agent's environment
 * (which may hold secrets): only PATH and locale basics, then the user's variables, then the
 * Backend.AI variables (which the user cannot override), then what the accelerators asked for.
 */
export function kernelEnvironment(
  spec: KernelCreationSpec,
  workDir: string,
  acceleratorEnviron: Record<string, string>,
): Record<string, string> {
  const { hosts, replicas } = clusterLayout(spec);
  const base: Record<string, string> = {
    PATH: process.env.PATH || DEFAULT_PATH,
    LANG: 'C.UTF-8',
    TERM: 'xterm',
    SHELL: '/bin/sh',
    USER: userName(),
    HOME: workDir,
    LOCAL_USER_ID: String(process.getuid?.() ?? ''),
    LOCAL_GROUP_ID: String(process.getgid?.() ?? ''),
  };
  if (process.env.TZ) base.TZ = process.env.TZ;
  const backendAi: Record<string, string> = {
    BACKENDAI_SESSION_ID: spec.sessionId,
    BACKENDAI_SESSION_NAME: spec.sessionName,
    BACKENDAI_KERNEL_ID: spec.kernelId,
    BACKENDAI_KERNEL_IMAGE: spec.image,
    BACKENDAI_ACCESS_KEY: spec.ownerAccessKey,
    BACKENDAI_USER_UUID: spec.ownerUserId,
    BACKENDAI_CLUSTER_SIZE: String(spec.cluster.size),
    BACKENDAI_CLUSTER_HOSTS: hosts,
    BACKENDAI_CLUSTER_REPLICAS: replicas,
    BACKENDAI_CLUSTER_HOST: spec.cluster.hostname,
    BACKENDAI_CLUSTER_IDX: String(spec.cluster.idx),
    BACKENDAI_CLUSTER_ROLE: spec.cluster.role,
    BACKENDAI_CLUSTER_LOCAL_RANK: String(spec.cluster.localRank),
  };
  return { ...base, ...spec.environ, ...backendAi, ...acceleratorEnviron };
}
