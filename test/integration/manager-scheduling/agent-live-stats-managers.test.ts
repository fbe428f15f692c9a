import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { EventBus, EventPayloads } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../support/eventually';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { createScratchDatabase, type ScratchDatabase } from '../database/support/postgres-scratch';
import { gql, type Caller } from '../manager/graphql-harness';
import {
  prepareClusterDatabase,
  startManager,
  stopCluster,
  type ManagerChild,
} from './support/manager-children';
import type { ManagerOrder } from './support/manager-process';

/** The superadmin of the scheduling cluster fixture. */
const SUPERADMIN: Caller = {
  accessKey: 'AKIASCHEDULINGTEST01',
  secretKey: 'schedulingTestSecretForLoopbackOnly00001',
};
const MANAGERS_WAIT = { timeoutMs: 30_000, intervalMs: 100 };
const NODE: EventPayloads['agent_stats']['node'] = {
  cpu_util: { current: '200', capacity: '800', pct: '25', unit_hint: 'percent' },
  mem: { current: '2147483648', capacity: '8589934592', pct: '25.00', unit_hint: 'bytes' },
};
const STATS = `{ agent(agent_id: "live-agent") { live_stat cpu_cur_pct mem_cur_bytes } }`;

/**
 * agent_stats is anycast: of two managers on the Redis event bus one receives each report, and
 * both must answer the node's live stats. The report is published on the real bus as an agent
 * publishes it; each manager is asked through its own GraphQL endpoint.
 */
describe("manager-scheduling: an agent's live stats, reported to one manager, read through either (PostgreSQL, Redis)", function () {
  this.timeout(HALFSTACK_UP_TIMEOUT_MS);
  const suffix = randomBytes(4).toString('hex');
  let scratch: ScratchDatabase;
  let addresses: { redis: string; etcd: string };
  let publisher: TestKernel | undefined;
  const managers: ManagerChild[] = [];
  const order = (name: string, agents: ManagerOrder['agents']): ManagerOrder => ({
    name,
    database: { ...scratch.config },
    redisUrl: addresses.redis,
    etcdUrl: addresses.etcd,
    namespace: `live-${suffix}`,
    stream: `live-events-${suffix}`,
    channel: `live-events-all-${suffix}`,
    agents,
    runMs: [100, 200],
  });

  before(async () => {
    addresses = await requireServices(['postgres', 'redis', 'etcd']);
    scratch = await createScratchDatabase();
    await prepareClusterDatabase(scratch);
    managers.push(
      await startManager(
        order('manager-a', [{ id: 'live-agent', slots: { cpu: '8', mem: String(8 * 2 ** 30) } }]),
      ),
      await startManager(order('manager-b', [])),
    );
    publisher = await bootTestKernel({
      roles: ['agent'],
      plugins: [
        {
          package: '@tessera/event-bus-redis',
          config: {
            url: addresses.redis,
            stream: `live-events-${suffix}`,
            channel: `live-events-all-${suffix}`,
            consumer: 'live-agent',
          },
        },
      ],
      cwd: REPO_ROOT,
    });
  });

  after(async () => {
    await publisher?.stop();
    await stopCluster(managers, scratch, addresses, {
      namespace: `live-${suffix}`,
      stream: `live-events-${suffix}`,
    });
  });

  it('both managers answer the stats one of them recorded; before any report, null and 0', async () => {
    await managers[0]!.ask('heartbeat');
    await eventually(
      async () => (await scratch.query('select id from agents')).length === 1,
      'the heartbeat to register the agent',
      MANAGERS_WAIT,
    );
    for (const manager of managers) {
      const answer = await gql(manager.endpoint, SUPERADMIN, STATS);
      expect(answer.data).to.deep.equal({ agent: { live_stat: null, cpu_cur_pct: 0, mem_cur_bytes: 0 } });
    }

    const bus = publisher!.kernel.resolve<EventBus>('event-bus');
    await bus.publish(
      'agent_stats',
      { agentId: 'live-agent', collectedAt: new Date().toISOString(), node: NODE, kernels: {} },
      'live-agent',
    );
    for (const manager of managers) {
      const answer = (await eventually(
        async () => {
          const found = await gql(manager.endpoint, SUPERADMIN, STATS);
          const agent = found.data?.['agent'] as { live_stat: string | null } | undefined;
          return agent?.live_stat ? agent : false;
        },
        'the live stats through this manager',
        MANAGERS_WAIT,
      ))!;
      expect(answer).to.deep.include({ cpu_cur_pct: 25, mem_cur_bytes: 2147483648 });
      expect(JSON.parse(answer.live_stat!)).to.deep.equal({ node: NODE, devices: {} });
    }
  });
});
