import { randomUUID } from 'node:crypto';
import type { AgentInfo, NewSession } from '@tessera/core';

export const EXAMPLE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** Ids in the example tenant (`test/fixtures/database/example-fixture.json`). */
export const DEFAULT_PROJECT = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
export const RESEARCH_PROJECT = '5a3a1f04-8b0e-4c7c-9a59-2f7d3c1e6b10';
export const ADMIN_UUID = 'f38dea23-50fa-42a0-b5ae-338f5f4693f4';
export const USER_UUID = 'dfa9da54-4b28-432f-be29-c0d680c7a412';
export const MONITOR_UUID = '6b9e8a8e-3a55-4c57-8d3c-0a2f5e1b7c42';

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
