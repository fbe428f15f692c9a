import Ajv from 'ajv';
import { TesseraError, type SlotType } from '@tessera/core';
import { parse } from 'yaml';

type Amounts = Record<string, string | number>;

/** Agents of a simulated resource group; `count` > 1 makes `<id>-1`, `<id>-2`, ... */
export interface WorkloadAgent {
  id: string;
  count?: number;
  slots: Amounts;
  /** Already in use when the simulation starts. */
  occupied?: Amounts;
  architecture?: string;
}

/** Sessions to replay; `count` > 1 makes `<name>-1`, `<name>-2`, ... */
export interface WorkloadSession {
  name: string;
  count?: number;
  type?: 'interactive' | 'batch' | 'inference' | 'system';
  /** Access key of the owner (default `user`). */
  owner?: string;
  user?: string;
  project?: string;
  domain?: string;
  priority?: number;
  /** Slots per kernel. */
  slots: Amounts;
  kernels?: number;
  clusterMode?: 'single-node' | 'multi-node';
  architecture?: string;
  /** Seconds after the start when the session is submitted. */
  submitAt?: number;
  /** Seconds it runs once placed; absent: until the end of the simulation. */
  duration?: number;
  /** A batch session's start time, in seconds after the start. */
  startAt?: number;
  /** Names of sessions (of this workload) that must finish first. */
  dependsOn?: string[];
  /** Designated agents, kernel by kernel. */
  agents?: string[];
}

export interface WorkloadPolicy {
  defaultForUnspecified?: 'LIMITED' | 'UNLIMITED';
  totalResourceSlots?: Amounts;
  maxConcurrentSessions?: number;
  maxConcurrentSftpSessions?: number;
  maxPendingSessionCount?: number;
  maxPendingSessionResourceSlots?: Amounts;
}

/** A workload file (`tessera schedule simulate --workload`). */
export interface Workload {
  resourceGroup?: string;
  /** Slot types for the amounts (`cpu`, `mem` and any `*mem*` slot in bytes are known). */
  slotTypes?: Record<string, SlotType>;
  options?: {
    maxContainerCount?: number;
    pendingTimeout?: number;
    /** The group's `scheduler_opts.config` (e.g. fifo's `num_retries_to_skip`). */
    schedulerConfig?: Record<string, unknown>;
  };
  agents: WorkloadAgent[];
  sessions: WorkloadSession[];
  limits?: {
    keypairs?: Record<string, WorkloadPolicy>;
    users?: Record<string, WorkloadPolicy>;
    projects?: Record<string, Amounts>;
    domains?: Record<string, Amounts>;
  };
}

const amounts = { type: 'object', additionalProperties: { type: ['string', 'number'] } };
const count = { type: 'integer', minimum: 1 };
const seconds = { type: 'number', minimum: 0 };
const policy = {
  type: 'object',
  additionalProperties: false,
  properties: {
    defaultForUnspecified: { enum: ['LIMITED', 'UNLIMITED'] },
    totalResourceSlots: amounts,
    maxConcurrentSessions: { type: 'integer', minimum: 0 },
    maxConcurrentSftpSessions: { type: 'integer', minimum: 0 },
    maxPendingSessionCount: { type: 'integer', minimum: 0 },
    maxPendingSessionResourceSlots: amounts,
  },
};
const WORKLOAD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['agents', 'sessions'],
  properties: {
    resourceGroup: { type: 'string', minLength: 1 },
    slotTypes: { type: 'object', additionalProperties: { enum: ['count', 'bytes', 'unique'] } },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxContainerCount: { type: 'integer', minimum: 0 },
        pendingTimeout: seconds,
        schedulerConfig: { type: 'object' },
      },
    },
    agents: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'slots'],
        properties: {
          id: { type: 'string', minLength: 1 },
          count,
          slots: amounts,
          occupied: amounts,
          architecture: { type: 'string', minLength: 1 },
        },
      },
    },
    sessions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'slots'],
        properties: {
          name: { type: 'string', minLength: 1 },
          count,
          type: { enum: ['interactive', 'batch', 'inference', 'system'] },
          owner: { type: 'string', minLength: 1 },
          user: { type: 'string', minLength: 1 },
          project: { type: 'string', minLength: 1 },
          domain: { type: 'string', minLength: 1 },
          priority: { type: 'integer', minimum: 0 },
          slots: amounts,
          kernels: count,
          clusterMode: { enum: ['single-node', 'multi-node'] },
          architecture: { type: 'string', minLength: 1 },
          submitAt: seconds,
          duration: { type: 'number', exclusiveMinimum: 0 },
          startAt: seconds,
          dependsOn: { type: 'array', items: { type: 'string' } },
          agents: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        keypairs: { type: 'object', additionalProperties: policy },
        users: { type: 'object', additionalProperties: policy },
        projects: { type: 'object', additionalProperties: amounts },
        domains: { type: 'object', additionalProperties: amounts },
      },
    },
  },
};

const validate = new Ajv({ allErrors: false, strict: false }).compile(WORKLOAD_SCHEMA);

/** Reads a workload document (YAML or JSON text); `fileName` names it in errors (`fixture-invalid`). */
export function parseWorkload(text: string, fileName: string): Workload {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new TesseraError('fixture-invalid', `${fileName}: not YAML: ${(error as Error).message}`);
  }
  if (!validate(document)) {
    const error = validate.errors?.[0];
    const where = error?.instancePath || '/';
    throw new TesseraError('fixture-invalid', `${fileName}: ${where}: ${error?.message ?? 'invalid'}`, {
      errors: validate.errors ?? [],
    });
  }
  return document as unknown as Workload;
}
