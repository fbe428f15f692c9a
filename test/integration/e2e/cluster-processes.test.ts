import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@tessera/client';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { PYTHON_IMAGE, requireKernelImages } from '../../support/kernel-images';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { runCommand } from '../../support/run-command';
import type { ScratchDatabase } from '../database/support/postgres-scratch';
import { halfstackTenant, type HalfstackTenant } from '../../support/halfstack-tenant';

const CLI = join(REPO_ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const MANAGER = join(REPO_ROOT, 'manifests', 'cluster', 'manager.yaml');
const AGENT = join(REPO_ROOT, 'manifests', 'cluster', 'agent.yaml');

/** `docker` CLI output, trimmed. */
async function docker(args: string[]): Promise<string> {
  return (await runCommand('docker', args, { timeoutMs: 30_000 })).stdout.trim();
}

/**
 * The cluster as an operator runs it: the manager (manifests/cluster/manager.yaml) and an agent
 * with the docker backend (manifests/cluster/agent.yaml) as separate `tessera up` processes on the
 * halfstack PostgreSQL, etcd and Redis, talking over HTTP RPC. A session runs in a container; the
 * agent killed with -9 and restarted finds its kernel again (same container, same Python state,
 * slots counted once); the agent gone for good is marked LOST and its session ends with
 * agent-termination.
 */
describe('e2e: manager and docker agent as separate processes', function () {
  this.timeout(HALFSTACK_UP_TIMEOUT_MS);
  const nodeId = `e2e-${randomBytes(4).toString('hex')}`;
  const agentId = `i-${nodeId}`;
  let tenant: HalfstackTenant;
  let scratch: ScratchDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  const daemons = new Set<ChildProcess>();

  const up = async (manifest: string, extra: Record<string, string> = {}): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [CLI, 'up', manifest], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, ...extra },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    daemons.add(child);
    child.once('exit', () => daemons.delete(child));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(
      () => {
        if (child.exitCode !== null)
          throw new Error(`tessera up ${manifest} exited ${child.exitCode}: ${stderr}`);
        return stderr.includes('Press Ctrl-C to stop.');
      },
      `tessera up ${manifest} to say it is up`,
      60_000,
    );
    return child;
  };
  const kill9 = async (child: ChildProcess): Promise<void> => {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  };
  const tessera = (args: string[]) =>
    runCommand(process.execPath, [CLI, ...args], { env, timeoutMs: 60_000 });
  const client = () => Client.fromEnv(env);
  const agentRow = async () =>
    (
      await scratch.query<{ status: string; occupied_slots: Record<string, string> }>(
        'select status, occupied_slots from agents where id = $1',
        [agentId],
      )
    )[0];
  const agentEnv = (rpcPort: number) => ({
    TESSERA_NODE_ID: nodeId,
    TESSERA_DATA_DIR: join(dataDir, 'agent'),
    TESSERA_AGENT_RPC_PORT: String(rpcPort),
    TESSERA_AGENT__HEARTBEAT_INTERVAL: '1',
    TESSERA_AGENT__STAT_INTERVAL: '1',
    // The node id as the scope label, so `after` finds what the killed agent left.
    TESSERA_AGENT_BACKEND_DOCKER__SCOPE: nodeId,
  });

  before(async () => {
    const addresses = await requireServices(['postgres', 'redis', 'etcd', 'docker']);
    await requireKernelImages();
    tenant = await halfstackTenant(addresses);
    scratch = tenant.database;
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-cluster-e2e-'));
    const port = await freePort();
    env = {
      TESSERA_LOG_LEVEL: 'warn',
      TESSERA_MANAGER_PORT: String(port),
      ...tenant.env,
      BACKEND_ENDPOINT: `http://127.0.0.1:${port}`,
      BACKEND_ACCESS_KEY: 'AKIAHALFSTACKDEV0001',
      BACKEND_SECRET_KEY: 'halfstackDevSecretForLoopbackOnly0001',
    };
    await tessera(['schema', 'migrate', MANAGER]);
    await tessera([
      'fixture',
      'populate',
      join(REPO_ROOT, 'manifests', 'halfstack-fixture.json'),
      '--manifest',
      MANAGER,
    ]);
  });

  after(async () => {
    for (const child of daemons) await kill9(child);
    // Containers and networks the agent left (it was killed): by the scope label (the node id).
    const leftovers = await docker(['ps', '-aq', '--filter', `label=tessera.scope=${nodeId}`]).catch(
      () => '',
    );
    if (leftovers) await docker(['rm', '-f', ...leftovers.split('\n')]).catch(() => '');
    const networks = await docker(['network', 'ls', '-q', '--filter', `label=tessera.scope=${nodeId}`]).catch(
      () => '',
    );
    if (networks) await docker(['network', 'rm', ...networks.split('\n')]).catch(() => '');
    await tenant?.cleanUp();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a session in a container, survives an agent kill -9, and ends it when the agent is gone', async () => {
    await up(MANAGER, {
      TESSERA_NODE_ID: `${nodeId}-manager`,
      TESSERA_DATA_DIR: join(dataDir, 'manager'),
      TESSERA_MANAGER_SCHEDULING__HEARTBEAT_TIMEOUT: '6',
      TESSERA_MANAGER_SCHEDULING__HEARTBEAT_CHECK_INTERVAL: '1',
    });
    const rpcPort = await freePort();
    let agent = await up(AGENT, agentEnv(rpcPort));
    await eventually(async () => (await agentRow())?.status === 'ALIVE', 'the agent to join');

    const created = await client().createSession({
      image: PYTHON_IMAGE,
      name: 'in-a-container',
      resources: { cpu: '1', mem: '512m' },
    });
    expect(created.status).to.equal('RUNNING');
    const sessionId = created.sessionId!;
    const run = async (code: string) => {
      const result = await client().execute(sessionId, {
        mode: 'query',
        runId: randomBytes(4).toString('hex'),
        code,
      });
      expect(result.status, JSON.stringify(result)).to.equal('finished');
      return result.console
        .filter(([kind]) => kind === 'stdout')
        .map(([, text]) => String(text))
        .join('');
    };
    // In a container, with the requested memory limit in its cgroup (v1 or v2).
    expect(
      await run(
        [
          'import os',
          'print(os.path.exists("/.dockerenv"))',
          'for p in ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max"):',
          '    if os.path.exists(p): print(open(p).read().strip())',
          'state = 41',
        ].join('\n'),
      ),
    ).to.equal(`True\n${512 * 1024 ** 2}\n`);
    const [kernel] = (await client().getSession(sessionId)).kernels as Array<{ containerId: string }>;
    // Jupyter, from the image's service definition, started through the API and answering on the
    // port the agent published on its host.
    const service = await client().startService(sessionId, 'jupyter');
    expect(service).to.include({ status: 'started', kernel_host: '127.0.0.1' });
    const api = await fetch(`http://${service.kernel_host}:${service.kernel_port}/api`);
    expect(((await api.json()) as { version?: string }).version).to.be.a('string');
    expect((await client().startService(sessionId, 'jupyter')).status).to.equal('already-running');
    const occupied = (await agentRow())!.occupied_slots;
    expect(Number(occupied.mem)).to.equal(512 * 1024 ** 2);

    // The agent killed with -9 and restarted: the kernel is found again, with its Python state.
    await kill9(agent);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', kernel!.containerId])).to.equal('true');
    agent = await up(AGENT, agentEnv(rpcPort));
    expect(await run('print(state + 1)')).to.equal('42\n');
    const info = await client().getSession(sessionId);
    expect(info.status).to.equal('RUNNING');
    expect((await agentRow())!.occupied_slots, 'slots counted once').to.deep.equal(occupied);
    // Live stats reach the session's last_stat.
    await eventually(async () => {
      const stat = (
        (await client().getSession(sessionId)).kernels as Array<{ lastStat?: Record<string, unknown> }>
      )[0]?.lastStat;
      return stat !== undefined && 'mem' in stat && 'cpu_used' in stat;
    }, 'a last_stat with mem and cpu_used');

    // The agent gone for good: LOST after the heartbeat timeout, the session ends with agent-termination.
    await kill9(agent);
    await eventually(async () => (await agentRow())?.status === 'LOST', 'the agent to be LOST', 30_000);
    const ended = await eventually(async () => {
      const session = await client().getSession(sessionId);
      return ['ERROR', 'TERMINATED'].includes(String(session.status)) ? session : false;
    }, 'the session to end');
    expect(ended.statusInfo).to.equal('agent-termination');
    expect(Number((await agentRow())!.occupied_slots.mem ?? 0)).to.equal(0);
  });
});
