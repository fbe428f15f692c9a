/**
 * One manager process of the two-manager scheduling test (forked by two-managers.test.ts): the
 * manager plugins on PostgreSQL, etcd locks and config and the Redis event bus, plus agent RPC
 * stand-ins bound in this process's directory. Talks to the test over IPC.
 */
import type { AgentRpcDirectory, EventBus } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { REPO_ROOT } from '../../../support/plugin-sandbox';
import { StandInAgent } from './stand-in-agent';

export interface ManagerOrder {
  name: string;
  database: Record<string, unknown>;
  redisUrl: string;
  etcdUrl: string;
  namespace: string;
  stream: string;
  channel: string;
  agents: Array<{ id: string; slots: Record<string, string> }>;
  runMs: [number, number];
}

export type ManagerMessage =
  | { ready: string }
  | { heartbeats: number }
  | { report: { created: Array<{ agentId: string; kernelId: string }> } }
  | { failed: string };

const send = (message: ManagerMessage) => process.send?.(message);

async function boot(order: ManagerOrder): Promise<{ test: TestKernel; agents: StandInAgent[] }> {
  const etcd = { endpoints: [order.etcdUrl], namespace: order.namespace };
  const test = await bootTestKernel({
    roles: ['manager'],
    plugins: [
      { package: '@tessera/config-store-etcd', config: etcd },
      { package: '@tessera/lock-etcd', config: etcd },
      {
        package: '@tessera/event-bus-redis',
        config: { url: order.redisUrl, stream: order.stream, channel: order.channel, consumer: order.name },
      },
      { package: '@tessera/database', config: { ...order.database, poolSize: 4 } },
      { package: '@tessera/scheduler-fifo' },
      { package: '@tessera/agent-selector-concentrated' },
      { package: '@tessera/manager-sessions' },
      { package: '@tessera/manager-scheduling', config: { tickInterval: 1 } },
      { package: '@tessera/manager', config: { service: { host: '127.0.0.1', port: 0 } } },
    ],
    defaults: { scheduler: 'fifo', 'agent-selector': 'concentrated' },
    cwd: REPO_ROOT,
  });
  const bus = test.kernel.resolve<EventBus>('event-bus');
  const directory = test.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory');
  const agents = order.agents.map((a) => new StandInAgent(bus, a.id, a.slots, order.runMs));
  for (const agent of agents) directory.bind(agent.address, agent);
  return { test, agents };
}

process.once('message', (order: ManagerOrder) => {
  boot(order).then(
    ({ test, agents }) => {
      process.on('message', (command: string) => {
        if (command === 'heartbeat') {
          void Promise.all(agents.map((a) => a.heartbeat())).then(() => send({ heartbeats: agents.length }));
        } else if (command === 'report') {
          const created = agents.flatMap((a) =>
            a.created.map((kernelId) => ({ agentId: a.agentId, kernelId })),
          );
          send({ report: { created } });
        } else if (command === 'stop') {
          for (const agent of agents) agent.stop();
          void test.stop().then(() => process.exit(0));
        }
      });
      send({ ready: test.kernel.endpoints()['manager.api']! });
    },
    (error: unknown) => {
      send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
});
