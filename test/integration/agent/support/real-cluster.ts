import type { Database, PluginEntry } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../../support/eventually';
import { freePort } from '../../../support/free-port';
import { requireServices } from '../../../support/halfstack';
import { requireKernelImages } from '../../../support/kernel-images';
import { REPO_ROOT } from '../../../support/plugin-sandbox';
import { runCommand } from '../../../support/run-command';
import { ALICE, SUPERADMIN, signedCall, type Caller } from '../../manager/graphql-harness';

/** The cluster secret of the http:// deployments below (any 32 characters or more). */
export const CLUSTER_SECRET = 'terminal-test-secret-0123456789abcdef0123456789';

export interface RealClusterOptions {
  backend: {
    package: '@tessera/agent-backend-process' | '@tessera/agent-backend-docker';
    name: string;
    config?: Record<string, unknown>;
  };
  /** Serve agent RPC over http:// (agent-rpc-http) rather than in process. */
  http?: boolean;
  /** More of the agent's config (`execTimeout`, ...). */
  agentConfig?: Record<string, unknown>;
}

export interface RealCluster {
  test: TestKernel;
  endpoint: string;
  db: Database;
  /** Where the agent serves RPC (`inproc://...` or `http://127.0.0.1:<port>`). */
  agentAddress: string;
  stop(): Promise<void>;
}

/** The process backend with grace periods of a second, so that kernels stop quickly. */
export function processBackend(): RealClusterOptions['backend'] {
  return {
    package: '@tessera/agent-backend-process',
    name: 'process',
    config: { exitGracePeriod: 1, terminateGracePeriod: 1 },
  };
}

/** The docker backend labelling its containers with `scope`, its scratch folders under `scratchRoot`. */
export function dockerBackend(
  scope: string,
  scratchRoot: string,
  portRange: [number, number],
): RealClusterOptions['backend'] {
  return {
    package: '@tessera/agent-backend-docker',
    name: 'docker',
    config: { scope, scratchRoot, portRange },
  };
}

/** Docker up (started when it is not) and the test kernel images built. */
export async function requireDockerKernels(): Promise<void> {
  await requireServices(['docker']);
  await requireKernelImages();
}

/** Removes whatever containers a docker backend left with the label of `scope`. */
export async function removeScopeContainers(scope: string): Promise<void> {
  const leftovers = (
    await runCommand('docker', ['ps', '-aq', '--filter', `label=tessera.scope=${scope}`])
  ).stdout.trim();
  if (leftovers) await runCommand('docker', ['rm', '-f', ...leftovers.split('\n')]);
}

/**
 * A manager and a real agent in one process on the embedded tiles (SQLite with the example
 * fixtures plus Alice, a second user), with the given agent backend, and the agent's RPC in
 * process or over agent-rpc-http on a loopback port.
 */
export async function bootRealCluster(options: RealClusterOptions): Promise<RealCluster> {
  const rpcListen = options.http ? `http://127.0.0.1:${await freePort()}` : undefined;
  const plugins: PluginEntry[] = [
    { package: '@tessera/event-bus-embedded' },
    { package: '@tessera/lock-embedded' },
    { package: '@tessera/config-store-embedded', config: { file: '' } },
    { package: '@tessera/database', config: { path: ':memory:', exampleFixtures: true } },
    { package: '@tessera/scheduler-fifo' },
    { package: '@tessera/agent-selector-concentrated' },
    { package: '@tessera/accelerator-mock' },
    { package: options.backend.package, config: options.backend.config ?? {} },
    ...(options.http ? [{ package: '@tessera/agent-rpc-http', config: { secret: CLUSTER_SECRET } }] : []),
    { package: '@tessera/manager-sessions' },
    { package: '@tessera/manager-scheduling' },
    { package: '@tessera/manager-streams' },
    { package: '@tessera/manager', config: { service: { host: '127.0.0.1', port: 0 } } },
    {
      package: '@tessera/agent',
      config: {
        heartbeatInterval: 0.3,
        flushInterval: 0.3,
        ...(rpcListen ? { rpcListen } : {}),
        ...options.agentConfig,
      },
    },
  ];
  const test = await bootTestKernel({
    roles: ['manager', 'agent'],
    plugins,
    defaults: { scheduler: 'fifo', 'agent-selector': 'concentrated', 'agent-backend': options.backend.name },
    cwd: REPO_ROOT,
  });
  const db = test.kernel.resolve<Database>('database');
  await db.fixtures.populate({
    users: [
      {
        uuid: 'd1f0c7a2-1111-4a4a-9b9b-000000000002',
        email: 'alice@lablup.com',
        username: 'alice',
        role: 'user',
        domain_name: 'default',
      },
    ],
    keypairs: [
      {
        access_key: ALICE.accessKey,
        secret_key: ALICE.secretKey,
        user_id: 'alice@lablup.com',
        is_admin: false,
        resource_policy: 'default',
      },
    ],
  });
  const agents = await eventually(async () => {
    const listed = await db.agents.listByStatus(['ALIVE']);
    return listed.length > 0 && listed;
  }, 'the agent to heartbeat');
  await eventually(async () => (await db.images.list()).length > 0, 'the agent images');
  return {
    test,
    endpoint: test.kernel.endpoints()['manager.api']!,
    db,
    agentAddress: agents[0]!.address,
    stop: () => test.stop(),
  };
}

/** Creates a session of `image` for the example admin and waits until it runs; returns its id. */
export async function runningSession(cluster: RealCluster, name: string, image: string): Promise<string> {
  const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'POST', '/session', {
    image,
    clientSessionToken: name,
    enqueueOnly: true,
  });
  if (answer.status !== 201)
    throw new Error(`POST /session answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const sessionId = answer.body['sessionId'] as string;
  await eventually(
    async () => {
      const status = (await cluster.db.sessions.get(sessionId))?.status;
      if (status === 'ERROR' || status === 'TERMINATED') throw new Error(`the session ended: ${status}`);
      return status === 'RUNNING';
    },
    `${name} RUNNING`,
    { timeoutMs: 60_000 },
  );
  return sessionId;
}

/** Runs code in a session over REST (continuing until finished); returns stdout and stderr. */
export async function runCode(
  cluster: RealCluster,
  session: string,
  code: string,
  caller: Caller = SUPERADMIN,
): Promise<{ stdout: string; stderr: string }> {
  const runId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let mode = 'query';
  let stdout = '';
  let stderr = '';
  for (;;) {
    const answer = await signedCall(cluster.endpoint, caller, 'POST', `/session/${session}`, {
      mode,
      runId,
      code: mode === 'query' ? code : '',
    });
    if (answer.status !== 200)
      throw new Error(`execute answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const result = answer.body['result'] as { status: string; console: Array<[string, unknown]> };
    for (const [type, data] of result.console) {
      if (type === 'stdout') stdout += String(data);
      if (type === 'stderr') stderr += String(data);
    }
    if (result.status === 'finished') return { stdout, stderr };
    mode = 'continue';
  }
}
