import type { DeviceAllocation, KernelCreationSpec, ServicePort } from '@tessera/core';

/** How the agent talks to a kernel: the runner's socket, or `docker exec` for images without Python. */
export type RunnerMode = 'socket' | 'exec';

/**
 * What the agent keeps about a kernel in `<scratch>/config/kernel.json`, so that a restarted agent
 * knows it again: the spec and devices it was created with and what the backend gave it.
 */
export interface KernelRecord {
  version: 1;
  scope: string;
  spec: KernelCreationSpec;
  deviceAllocation: DeviceAllocation;
  /** Service ports with their host ports. */
  servicePorts: ServicePort[];
  runnerMode: RunnerMode;
  /** The network the container joined: `bridge` or its session's (absent in records of 2026-12-03 and before: the session's). */
  network?: string;
  /** Cores the kernel is pinned to (cpuPinning), else absent. */
  cpuSet?: number[];
  /** The CPU limit in cores (quota or cpuset size), absent when unlimited. */
  cpuLimit?: number;
  createdAt: string;
}
