import { join } from 'node:path';
import {
  bootTestKernel,
  type AgentRpcDirectory,
  type Database,
  type EventBus,
  type TestKernel,
} from '@tessera/core';
import { REPO_ROOT } from '../../../support/plugin-sandbox';
import { ScriptedAgent } from './scripted-agent';

export const EXAMPLE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const EXAMPLE_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export interface ManagerDeployment {
  test: TestKernel;
  endpoint: string;
  db: Database;
  bus: EventBus;
  agent: ScriptedAgent;
  stop(): Promise<void>;
}

/**
 * A manager-role deployment on the real embedded tiles (SQLite in memory with the example
 * fixtures, the in-process bus and locks, fifo + concentrated) plus a scripted agent that has
 * heartbeaten once, so images and slots are known.
 */
export async function bootManager(managerConfig: Record<string, unknown> = {}): Promise<ManagerDeployment> {
  const test = await bootTestKernel({
    roles: ['manager'],
    plugins: [
      { package: '@tessera/event-bus-embedded' },
      { package: '@tessera/lock-embedded' },
      { package: '@tessera/config-store-embedded', config: { file: '' } },
      { package: '@tessera/database', config: { path: ':memory:', exampleFixtures: true } },
      { package: '@tessera/scheduler-fifo' },
      { package: '@tessera/agent-selector-concentrated' },
      { package: '@tessera/manager', config: { service: { host: '127.0.0.1', port: 0 }, ...managerConfig } },
    ],
    defaults: { scheduler: 'fifo', 'agent-selector': 'concentrated' },
    cwd: REPO_ROOT,
  });
  const db = test.kernel.resolve<Database>('database');
  const bus = test.kernel.resolve<EventBus>('event-bus');
  const directory = test.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory');
  const agent = new ScriptedAgent(bus, 'agent-test');
  directory.bind(agent.address, agent);
  await agent.heartbeat();
  await eventually(
    async () => (await db.agents.get(agent.agentId)) !== null,
    'the heartbeat to register the agent',
  );
  await eventually(async () => (await db.images.list()).length > 0, 'the heartbeat to register the images');
  return {
    test,
    endpoint: test.kernel.endpoints()['manager.api']!,
    db,
    bus,
    agent,
    stop: () => test.stop(),
  };
}

/** Polls `condition` until it holds (every 20 ms, up to `timeoutMs`). */
export async function eventually(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The official JS SDK (its package `main` is broken, so the file is required directly). */
export interface BackendAiSdk {
  Client: new (config: unknown, agentSignature?: string) => BackendAiClient;
  ClientConfig: new (accessKey: string, secretKey: string, endpoint: string) => unknown;
}

export interface BackendAiClient {
  kernelPrefix: string;
  get_manager_version(): Promise<string>;
  createIfNotExists(
    image: string,
    sessionId: string,
    resources?: Record<string, unknown>,
    timeout?: number,
  ): Promise<Record<string, unknown>>;
  get_info(sessionId: string): Promise<Record<string, unknown>>;
  execute(
    sessionId: string,
    runId: string,
    mode: string,
    code: string,
    opts?: unknown,
  ): Promise<{ result: Record<string, unknown> }>;
  destroy(sessionId: string): Promise<unknown>;
  newSignedRequest(method: string, path: string, body: unknown): unknown;
  _wrapWithPromise(request: unknown): Promise<Record<string, unknown>>;
}

/** SDK failures are thrown as plain objects. */
export interface SdkError {
  isError: true;
  statusCode: number;
  type: string;
  title: string;
  message: string;
}

export function loadJsSdk(): BackendAiSdk {
  // The SDK is written for browsers: it logs to localStorage and reads navigator.onLine.
  const globals = globalThis as Record<string, unknown>;
  if (!globals['localStorage']) {
    const store = new Map<string, string>();
    globals['localStorage'] = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    };
  }
  if (!globals['navigator']) globals['navigator'] = { onLine: true };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(
    join(REPO_ROOT, 'node_modules', 'backend.ai-client', 'backend.ai-client-node.js'),
  ) as BackendAiSdk;
}

export function sdkClient(
  endpoint: string,
  secretKey = EXAMPLE_SECRET_KEY,
  accessKey = EXAMPLE_ACCESS_KEY,
): BackendAiClient {
  const sdk = loadJsSdk();
  return new sdk.Client(new sdk.ClientConfig(accessKey, secretKey, endpoint), 'tessera-test');
}

/** Runs an SDK call expected to fail and returns the SDK's error object. */
export async function sdkFailure(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('the SDK call succeeded');
}
