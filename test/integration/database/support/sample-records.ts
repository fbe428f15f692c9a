import { randomUUID } from 'node:crypto';
import type { AgentInfo, NewSession } from '@tessera/core';

export const EXAMPLE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** A heartbeat of an x86_64 agent in resource group `default`. */
export function heartbeat(
  agentId: string,
  availableSlots: Record<string, string>,
  overrides: Partial<AgentInfo> = {},
): AgentInfo {
  return {
    agentId,
    address: `inproc://${agentId}`,
    region: 'local',
    resourceGroup: 'default',
    architecture: 'x86_64',
    version: '0.1.0',
    availableSlots,
    slotTypes: { cpu: 'count', mem: 'bytes' },
    images: [],
    computePlugins: { cpu: { version: '1' } },
    ...overrides,
  };
}

/** A PENDING-to-be session with one kernel per entry of `kernelSlots` (main1, sub1, sub2, ...). */
export function newSession(
  name: string,
  kernelSlots: Array<Record<string, string>>,
  overrides: Partial<Omit<NewSession, 'kernels'>> = {},
): NewSession {
  const kernels = kernelSlots.map((slots, index) => ({
    id: randomUUID(),
    clusterRole: index === 0 ? 'main' : 'sub',
    clusterIdx: index === 0 ? 1 : index,
    clusterHostname: index === 0 ? 'main1' : `sub${index}`,
    localRank: index,
    image: 'cr.backend.ai/stable/python:3.11-ubuntu22.04',
    architecture: 'x86_64',
    requestedSlots: slots,
  }));
  return {
    id: randomUUID(),
    name,
    type: 'interactive',
    image: 'cr.backend.ai/stable/python:3.11-ubuntu22.04',
    architecture: 'x86_64',
    resourceGroup: 'default',
    domainName: 'default',
    groupName: 'default',
    accessKey: EXAMPLE_ACCESS_KEY,
    userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    clusterMode: 'single-node',
    clusterSize: kernels.length,
    priority: 0,
    tag: null,
    environ: { LANG: 'C.UTF-8' },
    startupCommand: null,
    requestedSlots: kernelSlots[0] ?? {},
    ...overrides,
    kernels,
  };
}
