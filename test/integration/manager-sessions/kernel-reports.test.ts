import { expect } from 'chai';
import type { EventPayloads, StatValue } from '@tessera/core';
import {
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  gql,
  signedCall,
  statusReached,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';

/** A kernel's measures in Backend.AI's last_stat form, as agents publish them in agent_stats. */
function stat(cpuUsedMs: number, memBytes: number): Record<string, StatValue> {
  return {
    cpu_used: {
      current: String(cpuUsedMs),
      capacity: null,
      pct: null,
      unit_hint: 'msec',
      'stats.rate': '20',
    },
    cpu_util: { current: '12.5', capacity: '100', pct: '12.50', unit_hint: 'percent' },
    mem: {
      current: String(memBytes),
      capacity: '1073741824',
      pct: '25.00',
      unit_hint: 'bytes',
      'stats.max': String(memBytes),
    },
    net_rx: { current: '2048', capacity: null, pct: null, unit_hint: 'bytes', 'stats.rate': '0' },
  };
}

/**
 * What the agents report about kernels and what the manager makes of it: the measures of
 * agent_stats kept as each kernel's last_stat, the resource_opts a session asked for carried to the
 * agent, and a kernel killed for its memory ending the session in ERROR / out-of-memory.
 */
describe('manager-sessions: what agents report about kernels', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  beforeEach(async () => {
    deployment = await bootGraphQLManager();
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  const running = async (name: string, extra: Record<string, unknown> = {}) => {
    const id = await createSession(deployment, SUPERADMIN, name, extra);
    await statusReached(deployment, id, 'RUNNING');
    return (await deployment.db.sessions.get(id))!;
  };
  const reportStats = async (
    kernels: EventPayloads['agent_stats']['kernels'],
    agentId = deployment.agent.agentId,
  ) => {
    await deployment.bus.publish(
      'agent_stats',
      {
        agentId,
        collectedAt: new Date().toISOString(),
        node: { cpu_util: stat(1, 1)['cpu_util']! },
        kernels,
      },
      agentId,
    );
    await deployment.bus.drain();
  };
  const info = async (idOrName: string) => {
    const answer = await signedCall(deployment.endpoint, SUPERADMIN, 'GET', `/session/${idOrName}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };
  const graph = async (id: string, fields: string) => {
    const answer = await gql(
      deployment.endpoint,
      SUPERADMIN,
      `query($id: UUID!) { compute_session(id: $id) { ${fields} } }`,
      {
        id,
      },
    );
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    return answer.data!['compute_session'] as Record<string, unknown>;
  };
  const occupied = async () =>
    Object.fromEntries(
      Object.entries((await deployment.db.agents.get(deployment.agent.agentId))!.occupiedSlots).filter(
        ([, v]) => Number(v) !== 0,
      ),
    );

  describe('last_stat', () => {
    it('keeps each kernel’s last measures from agent_stats: GET /session/:id and the GraphQL containers show them', async () => {
      const session = await running('measured', { clusterSize: 2 });
      const [main, sub] = session.kernels;
      await reportStats({ [main!.id]: stat(1500, 400_000), [sub!.id]: stat(700, 300_000) });

      const body = await info('measured');
      expect(body['lastStat']).to.deep.equal(stat(1500, 400_000));
      expect(body['cpuCreditUsed']).to.equal(1500);
      expect((body['kernels'] as Array<Record<string, unknown>>).map((k) => k['lastStat'])).to.deep.equal([
        stat(1500, 400_000),
        stat(700, 300_000),
      ]);
      const answered = await graph(session.id, 'last_stat containers { role last_stat }');
      expect(JSON.parse(answered['last_stat'] as string)).to.deep.equal(stat(1500, 400_000));
      const containers = answered['containers'] as Array<Record<string, string>>;
      expect(containers.map((c) => [c['role'], JSON.parse(c['last_stat']!)])).to.deep.equal([
        ['main', stat(1500, 400_000)],
        ['sub', stat(700, 300_000)],
      ]);

      // A later report replaces it; another agent's word about these kernels does not.
      await reportStats({ [main!.id]: stat(2500, 500_000) });
      await reportStats({ [main!.id]: stat(1, 1) }, 'agent-elsewhere');
      expect((await info('measured'))['lastStat']).to.deep.equal(stat(2500, 500_000));
    });

    it('keeps the last stat after the session ended, and a late report does not overwrite it', async () => {
      const session = await running('finished');
      const kernelId = session.kernels[0]!.id;
      await reportStats({ [kernelId]: stat(900, 100_000) });
      await signedCall(deployment.endpoint, SUPERADMIN, 'DELETE', '/session/finished');
      await statusReached(deployment, session.id, 'TERMINATED');

      await reportStats({ [kernelId]: stat(99_999, 999_999) });

      const body = await info(session.id);
      expect(body['status']).to.equal('TERMINATED');
      expect(body['lastStat']).to.deep.equal(stat(900, 100_000));
      const answered = await graph(session.id, 'last_stat containers { last_stat }');
      expect(JSON.parse(answered['last_stat'] as string)).to.deep.equal(stat(900, 100_000));
      const containers = answered['containers'] as Array<Record<string, string>>;
      expect(JSON.parse(containers[0]!['last_stat']!)).to.deep.equal(stat(900, 100_000));
    });

    it('answers null until the first report', async () => {
      const session = await running('unmeasured');
      const body = await info('unmeasured');
      expect(body).to.deep.include({ lastStat: null, cpuCreditUsed: 0 });
      expect(
        ((await graph(session.id, 'containers { last_stat }'))['containers'] as unknown[])[0],
      ).to.deep.equal({
        last_stat: null,
      });
    });
  });

  describe('resource_opts', () => {
    it('takes config.resource_opts.shmem, gives it to the agent in bytes, and answers it in GraphQL', async () => {
      const session = await running('shm-session', {
        clusterSize: 2,
        config: { resource_opts: { shmem: '256m' } },
      });
      const specs = deployment.agent.created.flat().filter((spec) => spec.sessionId === session.id);
      expect(specs.map((spec) => spec.resourceOpts)).to.deep.equal([
        { shmem: '268435456' },
        { shmem: '268435456' },
      ]);
      const answered = await graph(session.id, 'resource_opts containers { hostname resource_opts }');
      expect(JSON.parse(answered['resource_opts'] as string)).to.deep.equal({
        main1: { shmem: 268435456 },
        sub1: { shmem: 268435456 },
      });
      expect(
        (answered['containers'] as Array<Record<string, string>>).map((c) => [
          c['hostname'],
          JSON.parse(c['resource_opts']!),
        ]),
      ).to.deep.equal([
        ['main1', { shmem: 268435456 }],
        ['sub1', { shmem: 268435456 }],
      ]);
    });

    it('gives the agent no options when none were asked for (the backend default applies)', async () => {
      const session = await running('plain');
      const spec = deployment.agent.created.flat().find((s) => s.sessionId === session.id)!;
      expect(spec).to.not.have.property('resourceOpts');
      const answered = await graph(session.id, 'resource_opts containers { resource_opts }');
      expect(JSON.parse(answered['resource_opts'] as string)).to.deep.equal({ main1: {} });
    });

    it('refuses a shmem that is not a size, or not below the memory each kernel asks for, with 400 naming the field', async () => {
      const bad = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/session', {
        image: 'python',
        clientSessionToken: 'bad-shm',
        config: { resource_opts: { shmem: 'plenty' } },
      });
      expect(bad.status).to.equal(400);
      expect(bad.body).to.deep.include({
        type: 'https://api.backend.ai/probs/invalid-api-params',
        title:
          'Invalid parameter resource_opts.shmem: "plenty" is not a whole number of bytes or a size such as 64m or 1g',
        field: 'resource_opts.shmem',
      });
      const big = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/session', {
        image: 'python',
        clientSessionToken: 'big-shm',
        config: { resources: { mem: '1g' }, resource_opts: { shmem: '1g' } },
      });
      expect(big.status).to.equal(400);
      expect(big.body['title']).to.equal(
        'Invalid parameter resource_opts.shmem: shared memory (1 GiB) must be less than the memory each kernel asks for (1 GiB)',
      );
      expect(await deployment.db.sessions.findActiveByName(SUPERADMIN.accessKey, 'big-shm')).to.equal(null);
    });
  });

  describe('kernels that fail', () => {
    it('ends a kernel killed for its memory, and its session, in ERROR / out-of-memory, freeing its slots and saying so', async () => {
      const seen: Array<{ name: string; payload: unknown }> = [];
      for (const name of ['session_status_changed', 'kernel_status_changed'] as const)
        await deployment.bus.subscribe(
          name,
          'test-observer',
          (event) => void seen.push({ name, payload: event.payload }),
        );
      const session = await running('greedy');
      const kernelId = session.kernels[0]!.id;
      expect(await occupied()).to.deep.equal({ cpu: '1', mem: '1073741824' });

      await deployment.bus.publish(
        'kernel_terminated',
        { kernelId, sessionId: session.id, reason: 'out-of-memory', exitCode: 137 },
        deployment.agent.agentId,
      );
      await deployment.bus.drain();

      const ended = (await deployment.db.sessions.get(session.id))!;
      expect(ended).to.deep.include({ status: 'ERROR', statusInfo: 'out-of-memory', result: 'FAILURE' });
      expect(ended.statusData).to.deep.include({ kernel: { exit_code: 137 } });
      expect(ended.kernels[0]).to.deep.include({
        status: 'ERROR',
        statusInfo: 'out-of-memory',
        exitCode: 137,
      });
      expect(await occupied()).to.deep.equal({});
      expect(seen).to.deep.include({
        name: 'session_status_changed',
        payload: { sessionId: session.id, status: 'ERROR', statusInfo: 'out-of-memory' },
      });
      expect(seen).to.deep.include({
        name: 'kernel_status_changed',
        payload: { kernelId, sessionId: session.id, status: 'ERROR' },
      });
      expect(await info(session.id)).to.deep.include({ status: 'ERROR', statusInfo: 'out-of-memory' });
    });

    it('ends the rest of a cluster whose kernel ran out of memory', async () => {
      const session = await running('cluster-oom', { clusterSize: 2 });
      const [main, sub] = session.kernels;
      await deployment.bus.publish(
        'kernel_terminated',
        { kernelId: sub!.id, sessionId: session.id, reason: 'out-of-memory', exitCode: 137 },
        deployment.agent.agentId,
      );
      // The rest of the session is destroyed in the background; the agent's report of it ends it.
      await eventually(
        () => deployment.agent.destroyed.some((d) => d.kernelId === main!.id && d.reason === 'out-of-memory'),
        'the main kernel to be destroyed',
      );
      const ended = await eventually(async () => {
        const found = (await deployment.db.sessions.get(session.id))!;
        return found.kernels.every((k) => k.status === 'ERROR') ? found : false;
      }, 'both kernels to end');
      expect(ended).to.deep.include({ status: 'ERROR', statusInfo: 'out-of-memory' });
      // The main kernel is destroyed with the reason its sibling ended, which its agent reports back.
      expect(ended.kernels.map((k) => [k.clusterRole, k.status, k.statusInfo])).to.deep.equal([
        ['main', 'ERROR', 'out-of-memory'],
        ['sub', 'ERROR', 'out-of-memory'],
      ]);
      expect(await occupied()).to.deep.equal({});
    });

    it('still ends a kernel that failed to start in ERROR, and one that exited by itself in TERMINATED', async () => {
      const failed = await running('no-start');
      await deployment.bus.publish(
        'kernel_terminated',
        { kernelId: failed.kernels[0]!.id, sessionId: failed.id, reason: 'failed-to-start', exitCode: null },
        deployment.agent.agentId,
      );
      const exited = await running('exited');
      await deployment.bus.publish(
        'kernel_terminated',
        { kernelId: exited.kernels[0]!.id, sessionId: exited.id, reason: 'self-terminated', exitCode: 0 },
        deployment.agent.agentId,
      );
      await deployment.bus.drain();
      expect(await deployment.db.sessions.get(failed.id)).to.deep.include({
        status: 'ERROR',
        statusInfo: 'failed-to-start',
      });
      expect(await deployment.db.sessions.get(exited.id)).to.deep.include({
        status: 'TERMINATED',
        statusInfo: 'self-terminated',
      });
    });
  });
});
