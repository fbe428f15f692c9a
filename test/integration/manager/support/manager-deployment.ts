import { join } from 'node:path';
import type { AgentRpcDirectory, Database } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import type { EmbeddedEventBus } from '@tessera/event-bus-embedded';
import { eventually } from '../../../support/eventually';
import { REPO_ROOT } from '../../../support/plugin-sandbox';
import { ScriptedAgent } from './scripted-agent';

// The suites built on this deployment import their helpers from here.
export { eventually } from '../../../support/eventually';

export const EXAMPLE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const EXAMPLE_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export interface ManagerDeployment {
  test: TestKernel;
  endpoint: string;
  db: Database;
  /** The in-process bus: `drain()` resolves once every event published so far has been handled. */
  bus: EmbeddedEventBus;
  agent: ScriptedAgent;
  stop(): Promise<void>;
}

/** Config of the manager's plugins, each laid over what the deployment below sets. */
export interface ManagerConfigs {
  /** `@tessera/manager`: `service`, `auth`, `api`. */
  manager?: Record<string, unknown>;
  /** `@tessera/manager-sessions`: `defaultResourceGroup`, `defaultStartTimeout`, `terminateTimeout`. */
  sessions?: Record<string, unknown>;
  /** `@tessera/manager-scheduling`: `tickInterval`, `lockTimeout`, `maxContainerCount`, ... */
  scheduling?: Record<string, unknown>;
  /** More manager feature plugins (`@tessera/manager-streams`, ...), loaded after the scheduling loop. */
  features?: Array<{ package: string; config?: Record<string, unknown> }>;
}

/**
 * A manager-role deployment on the real embedded tiles (SQLite in memory with the example
 * fixtures, the in-process bus and locks, fifo + concentrated) plus a scripted agent that has
 * heartbeaten once, so images and slots are known.
 */
export async function bootManager(configs: ManagerConfigs = {}): Promise<ManagerDeployment> {
  const test = await bootTestKernel({
    roles: ['manager'],
    plugins: [
      { package: '@tessera/event-bus-embedded' },
      { package: '@tessera/lock-embedded' },
      { package: '@tessera/config-store-embedded', config: { file: '' } },
      { package: '@tessera/database', config: { path: ':memory:', exampleFixtures: true } },
      { package: '@tessera/scheduler-fifo' },
      { package: '@tessera/agent-selector-concentrated' },
      { package: '@tessera/manager-sessions', config: { ...configs.sessions } },
      { package: '@tessera/manager-scheduling', config: { ...configs.scheduling } },
      ...(configs.features ?? []),
      {
        package: '@tessera/manager',
        config: { service: { host: '127.0.0.1', port: 0 }, ...configs.manager },
      },
    ],
    defaults: { scheduler: 'fifo', 'agent-selector': 'concentrated' },
    cwd: REPO_ROOT,
  });
  const db = test.kernel.resolve<Database>('database');
  const bus = test.kernel.resolve<EmbeddedEventBus>('event-bus');
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
