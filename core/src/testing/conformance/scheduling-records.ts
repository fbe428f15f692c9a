import type { AgentRecord, SessionRecord } from '../../contracts/database';

/**
 * A PENDING session record with the fields a test names; the rest are plausible defaults
 * (single-node, x86_64, the reference docs' example access key).
 */
export function sessionRecord(fields: Partial<SessionRecord> & { id: string }): SessionRecord {
  return {
    name: fields.id,
    type: 'interactive',
    status: 'PENDING',
    statusInfo: null,
    statusData: {},
    statusHistory: {},
    result: 'UNDEFINED',
    image: 'python:3.12',
    architecture: 'x86_64',
    resourceGroup: 'default',
    domainName: 'default',
    groupName: 'default',
    accessKey: 'AKIAIOSFODNN7EXAMPLE',
    userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    clusterMode: 'single-node',
    clusterSize: 1,
    priority: 0,
    tag: null,
    environ: {},
    startupCommand: null,
    requestedSlots: {},
    occupyingSlots: {},
    createdAt: new Date('2024-01-01T00:00:00Z'),
    terminatedAt: null,
    kernels: [],
    ...fields,
  };
}

/** An ALIVE, schedulable x86_64 agent record with the fields a test names. */
export function agentRecord(fields: Partial<AgentRecord> & { id: string }): AgentRecord {
  return {
    status: 'ALIVE',
    address: `inproc://${fields.id}`,
    region: 'local',
    resourceGroup: 'default',
    architecture: 'x86_64',
    version: '0.1.0',
    schedulable: true,
    availableSlots: {},
    occupiedSlots: {},
    computePlugins: {},
    firstContact: new Date('2024-01-01T00:00:00Z'),
    lastContact: new Date('2024-01-01T00:00:00Z'),
    ...fields,
  };
}

/**
 * Freezes a value and everything reachable from it, so a policy that writes to its input throws
 * (compiled code runs in strict mode). Returns the value.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
