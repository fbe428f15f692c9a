import { expect } from 'chai';
import type { AgentRpc, AgentRpcDirectory } from '@tessera/core';
import type { HttpRpcServing } from '@tessera/agent-rpc-http';
import { eventually } from '../../support/eventually';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { runCommand } from '../../support/run-command';
import { FakeAgent } from './fake-agent';
import { RpcCluster, SECRET_KEY, type RpcNode } from './support';

describe('agent-rpc-http: the cluster secret shared through etcd', function () {
  this.timeout(30_000);
  let etcd: string;
  let cluster: RpcCluster;
  const servings: HttpRpcServing[] = [];

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    etcd = (await requireServices(['etcd'])).etcd;
  });
  beforeEach(() => {
    cluster = new RpcCluster(etcd);
  });
  afterEach(async () => {
    await Promise.all(servings.splice(0).map((serving) => serving.close()));
    await cluster.stop();
  });

  async function serve(node: RpcNode, agentId: string): Promise<string> {
    const serving = (await node.directory.serve(
      'http://127.0.0.1:0',
      new FakeAgent(agentId),
    )) as HttpRpcServing;
    servings.push(serving);
    return serving.url;
  }

  const ping = (directory: AgentRpcDirectory, url: string): Promise<{ agentId: string }> =>
    (directory.connect(url) as AgentRpc).ping();

  /** The secret key as etcd holds it: its value and how many times it was written. */
  async function storedSecret(): Promise<{ value: string; version: number }> {
    const { stdout } = await runCommand(
      'etcdctl',
      ['--endpoints', etcd, 'get', `/sorna/${cluster.namespace}/${SECRET_KEY}`, '-w', 'json'],
      { env: { ETCDCTL_API: '3' } },
    );
    const kv = (JSON.parse(stdout) as { kvs: Array<{ value: string; version: number }> }).kvs[0];
    return { value: Buffer.from(kv.value, 'base64').toString('utf8'), version: kv.version };
  }

  it('is generated once by the first of two processes starting together (under lock-etcd) and used by both', async () => {
    const [agent, manager] = await Promise.all([
      cluster.boot({ role: 'agent', lock: true }),
      cluster.boot({ role: 'manager', lock: true }),
    ]);
    const stored = await storedSecret();
    expect(stored.value).to.match(/^[0-9a-f]{64}$/);
    expect(stored.version, 'written once').to.equal(1);
    const generated = cluster
      .logs()
      .filter(
        (line) => line.msg === 'generated the cluster agent RPC secret and stored it in the config store',
      );
    expect(generated).to.have.length(1);

    const agentUrl = await serve(agent, 'i-agent');
    const managerUrl = await serve(manager, 'i-manager');
    expect(await ping(manager.directory, agentUrl)).to.deep.equal({ agentId: 'i-agent' });
    expect(await ping(agent.directory, managerUrl)).to.deep.equal({ agentId: 'i-manager' });
  });

  it('without a lock service, two processes starting together still settle on the one secret etcd keeps', async () => {
    const [agent, manager] = await Promise.all([
      cluster.boot({ role: 'agent' }),
      cluster.boot({ role: 'manager' }),
    ]);
    const agentUrl = await serve(agent, 'i-agent');
    const managerUrl = await serve(manager, 'i-manager');
    // Both may have put a secret; the one etcd kept reaches both through their watch of the key.
    await eventually(async () => {
      expect(await ping(manager.directory, agentUrl)).to.deep.equal({ agentId: 'i-agent' });
      expect(await ping(agent.directory, managerUrl)).to.deep.equal({ agentId: 'i-manager' });
    }, "both directions to accept the other side's signature");
    expect((await storedSecret()).value).to.match(/^[0-9a-f]{64}$/);
  });

  it('a process that starts later reads the stored secret and does not write it', async () => {
    const agent = await cluster.boot({ role: 'agent' });
    const before = await storedSecret();
    const manager = await cluster.boot({ role: 'manager' });
    expect(await storedSecret()).to.deep.equal(before);
    expect(await ping(manager.directory, await serve(agent, 'i-agent'))).to.deep.equal({
      agentId: 'i-agent',
    });
  });

  it('follows a new secret written to etcd: calls keep working, signed with the new one', async () => {
    const agent = await cluster.boot({ role: 'agent' });
    const manager = await cluster.boot({ role: 'manager' });
    const agentUrl = await serve(agent, 'i-agent');
    expect(await ping(manager.directory, agentUrl)).to.deep.equal({ agentId: 'i-agent' });
    await agent.store.put(SECRET_KEY, 'r'.repeat(64));
    const changed = (node: RpcNode) =>
      node.test.logs.some(
        (line) => line.msg === 'the agent RPC secret changed in the config store; signing with the new one',
      );
    await eventually(() => changed(agent) && changed(manager), 'both processes to take the new secret');
    expect(await ping(manager.directory, agentUrl)).to.deep.equal({ agentId: 'i-agent' });
  });

  it('fails the start naming the key when etcd holds a secret shorter than 32 characters', async () => {
    const writer = await cluster.boot({ role: 'manager', config: { secret: 'c'.repeat(32) } });
    await writer.store.put(SECRET_KEY, 'too-short');
    let failure: Error | undefined;
    try {
      await cluster.boot({ role: 'agent' });
    } catch (error) {
      failure = error as Error;
    }
    expect(failure?.message).to.contain(
      `the agent RPC secret in the config store at ${SECRET_KEY} is shorter than 32`,
    );
    expect(failure?.message).not.to.contain('too-short');
  });
});
