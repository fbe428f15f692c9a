import { expect } from 'chai';
import { runCli } from '../../unit/cli/support/run-built-cli';
import { sdkClient } from '../manager/support/manager-deployment';
import {
  addUser,
  bootScheduling,
  eventually,
  type SchedulingDeployment,
} from './support/embedded-scheduling';

describe('scheduling: why sessions wait, dependencies, batch results and pending timeouts (embedded manager)', function () {
  this.timeout(20_000);
  let d: SchedulingDeployment;
  const statusOf = async (name: string) => (await d.session(name)).status;
  const userSession = async (name: string) =>
    (await d.db.sessions.findActiveByName('AKIAPLAINUSER0000001', name))!;
  const statusOfUser = async (name: string) => (await userSession(name)).status;
  const statusInfoOfUser = async (name: string) => (await userSession(name)).statusInfo;

  beforeEach(async () => {
    d = await bootScheduling({ scheduling: { tickInterval: 0.2 } });
  });
  afterEach(async () => {
    await d?.stop();
  });

  it('GET /session/:id/scheduling names every predicate and, per agent, the filter that rejected it', async () => {
    await d.client.createIfNotExists('python', 'too-large', { cpu: 6, enqueueOnly: true });
    await eventually(
      async () => (await d.session('too-large')).statusInfo === 'no-available-instances',
      'no-fit',
    );
    const answer = await d.signed('GET', '/session/too-large/scheduling');
    expect(answer).to.deep.include({ sessionName: 'too-large', status: 'PENDING', pending: true });
    expect(answer).to.deep.include({
      scheduler: 'fifo',
      agentSelector: 'concentrated',
      resourceGroup: 'default',
    });
    const predicates = answer['predicates'] as Array<{ name: string; passed: boolean }>;
    expect(predicates.map((p) => p.name)).to.include.members([
      'reserved_time',
      'dependencies',
      'concurrency',
    ]);
    expect(predicates.every((p) => p.passed)).to.equal(true);
    expect(answer['placement']).to.deep.include({
      result: 'unplaceable',
      reason: 'no agent is large enough: cpu (requested 6, the largest agent has 4)',
      shortage: false,
    });
    const [requirement] = answer['requirements'] as Array<{
      kernels: string[];
      agents: Array<Record<string, unknown>>;
    }>;
    expect(requirement!.kernels).to.deep.equal(['main1']);
    expect(requirement!.agents.map((a) => [a['agentId'], a['filter'], a['missing']])).to.deep.equal([
      ['agent-test', 'resources', { cpu: '2' }],
      ['agent-two', 'resources', { cpu: '2' }],
    ]);
    expect((answer['lastAttempt'] as { retries: number }).retries).to.be.at.least(1);

    await d.client.createIfNotExists('python', 'fits-fine', { cpu: 1, enqueueOnly: true });
    await eventually(async () => (await statusOf('fits-fine')) === 'RUNNING', 'fits-fine to run');
    const placed = await d.signed('GET', '/session/fits-fine/scheduling');
    expect(placed).to.deep.include({ pending: false, status: 'RUNNING' });
    expect(placed['agentIds']).to.have.length(1);
  });

  it('hides agent ids from a user who is not a superadmin (hide-agents), but still says what each agent lacked', async () => {
    await addUser(d, {
      uuid: '5d1c7e0a-8f7b-4e0b-9c1e-6a4f1f2b0002',
      email: 'plain@example.com',
      accessKey: 'AKIAPLAINUSER0000001',
      secretKey: 'plainUserSecretForTheAgentHidingTest01',
    });
    const user = sdkClient(d.endpoint, 'plainUserSecretForTheAgentHidingTest01', 'AKIAPLAINUSER0000001');
    await user.get_manager_version();
    const signedAsUser = (method: string, path: string) =>
      user._wrapWithPromise(user.newSignedRequest(method, path, null));
    await user.createIfNotExists('python', 'users-big', { cpu: 6, enqueueOnly: true });
    await user.createIfNotExists('python', 'users-small', { cpu: 1, enqueueOnly: true });
    await eventually(async () => (await statusOfUser('users-small')) === 'RUNNING', 'users-small to run');
    await eventually(
      async () => (await statusInfoOfUser('users-big')) === 'no-available-instances',
      'users-big to wait',
    );

    const explained = await signedAsUser('GET', '/session/users-big/scheduling');
    const [requirement] = explained['requirements'] as Array<{ agents: Array<Record<string, unknown>> }>;
    expect(requirement!.agents.map((a) => [a['agentId'], a['filter'], a['missing']])).to.deep.equal([
      ['hidden-1', 'resources', { cpu: '3' }], // agent-test, where users-small runs
      ['hidden-2', 'resources', { cpu: '2' }],
    ]);
    expect(JSON.stringify(explained)).to.not.match(/agent-test|agent-two/);
    const placed = await signedAsUser('GET', '/session/users-small/scheduling');
    expect(placed['agentIds']).to.deep.equal(['hidden-1']);
    const info = await signedAsUser('GET', '/session/users-small');
    expect((info['kernels'] as Array<{ agentId: unknown }>).map((k) => k.agentId)).to.deep.equal([null]);

    // The superadmin sees the real ids of the same sessions.
    const asAdmin = await d.signed('GET', '/session/users-small?owner_access_key=AKIAPLAINUSER0000001');
    expect((asAdmin['kernels'] as Array<{ agentId: unknown }>)[0]!.agentId).to.match(/^agent-(test|two)$/);
  });

  it('tessera schedule explain prints the same answer for people (tables) and scripts (--json)', async () => {
    await d.client.createIfNotExists('python', 'too-large', { cpu: 6, enqueueOnly: true });
    await eventually(
      async () => (await d.session('too-large')).statusInfo === 'no-available-instances',
      'no-fit',
    );
    const env = {
      BACKEND_ENDPOINT: d.endpoint,
      BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
      BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const human = await runCli(['schedule', 'explain', 'too-large'], { env });
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.include('is PENDING (no-available-instances) in resource group default.');
    expect(human.stdout).to.include(
      'Placement: no agent is large enough: cpu (requested 6, the largest agent has 4).',
    );
    expect(human.stdout).to.match(/^concurrency\s+passed\s*$/m);
    expect(human.stdout).to.match(/^main1\s+agent-test\s+rejected: resources\s+needs cpu 2 more$/m);

    const json = await runCli(['schedule', 'why', 'too-large', '--json'], { env });
    expect(json.code, json.stderr).to.equal(0);
    const answer = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(answer).to.deep.include({ sessionName: 'too-large', pending: true, scheduler: 'fifo' });

    const unknown = await runCli(['schedule', 'explain', 'no-such-session'], { env });
    expect(unknown.code).to.not.equal(0);
    expect(unknown.stderr).to.include('No session "no-such-session" found');
  });

  it('starts a session once its dependency ended successfully, and announces batch results', async () => {
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'prepare',
      type: 'batch',
      startupCommand: 'python prepare.py',
      enqueueOnly: true,
    });
    await eventually(async () => (await statusOf('prepare')) === 'RUNNING', 'prepare to run');
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'train',
      dependencies: ['prepare'],
      enqueueOnly: true,
    });
    await eventually(
      async () => (await d.session('train')).statusInfo === 'predicate-checks-failed',
      'train to wait',
    );
    const waiting = (await d.session('train')).statusData['scheduler'] as Record<string, unknown>;
    expect(waiting['failed_predicates']).to.deep.equal([
      {
        name: 'dependencies',
        msg: `Waiting dependency sessions to finish as success. (prepare (${(await d.session('prepare')).id}))`,
      },
    ]);

    // The agent reports the batch task's end as it does: the kernel ends with task-finished and exit code 0.
    const prepare = await d.session('prepare');
    await d.bus.publish(
      'kernel_terminated',
      { kernelId: prepare.id, sessionId: prepare.id, reason: 'task-finished', exitCode: 0 },
      'agent-test',
    );
    await eventually(
      async () => (await statusOf('train')) === 'RUNNING',
      'train to start after prepare succeeded',
    );
    const done = await d.session('prepare');
    expect(done).to.deep.include({ status: 'TERMINATED', statusInfo: 'task-finished', result: 'SUCCESS' });
    await eventually(() => d.events.some((e) => e.name === 'session_success'), 'session_success');
    expect(d.events.find((e) => e.name === 'session_success')!.payload).to.deep.equal({
      sessionId: prepare.id,
      exitCode: 0,
    });
  });

  it('fails a batch session whose task exits non-zero, and a session depending on it keeps waiting', async () => {
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'flaky',
      type: 'batch',
      startupCommand: 'exit 3',
      enqueueOnly: true,
    });
    await eventually(async () => (await statusOf('flaky')) === 'RUNNING', 'flaky to run');
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'after-flaky',
      dependencies: ['flaky'],
      enqueueOnly: true,
    });
    const flaky = await d.session('flaky');
    await d.bus.publish(
      'kernel_terminated',
      { kernelId: flaky.id, sessionId: flaky.id, reason: 'task-failed', exitCode: 3 },
      'agent-test',
    );
    await eventually(async () => (await statusOf('flaky')) === 'TERMINATED', 'flaky to end');
    expect(await d.session('flaky')).to.deep.include({ result: 'FAILURE', statusInfo: 'task-failed' });
    await eventually(() => d.events.some((e) => e.name === 'session_failure'), 'session_failure');
    expect(d.events.find((e) => e.name === 'session_failure')!.payload).to.deep.equal({
      sessionId: flaky.id,
      exitCode: 3,
      reason: 'task-failed',
    });
    // A session enqueued now is placed by a pass that began after flaky failed, and that pass tried
    // after-flaky (older, same resource group) first.
    await d.signed('POST', '/session', { image: 'python', clientSessionToken: 'later', enqueueOnly: true });
    const later = await d.session('later');
    await eventually(
      () => d.events.some((e) => e.name === 'session_scheduled' && e.payload['sessionId'] === later.id),
      'a scheduling pass after flaky failed',
    );
    expect(await d.session('after-flaky')).to.deep.include({
      status: 'PENDING',
      statusInfo: 'predicate-checks-failed',
    });
  });

  it("cancels sessions pending longer than their resource group's pending_timeout", async () => {
    await d.db.fixtures.populate({
      resource_groups: [{ name: 'short-wait', scheduler: 'fifo', scheduler_opts: { pending_timeout: 1 } }],
    });
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'impatient',
      enqueueOnly: true,
      config: { scaling_group: 'short-wait' },
    });
    await eventually(async () => (await statusOf('impatient')) === 'CANCELLED', 'the pending timeout', 5000);
    const cancelled = await d.session('impatient');
    expect(cancelled.statusInfo).to.equal('pending-timeout');
    expect(cancelled.kernels.map((k) => k.status)).to.deep.equal(['CANCELLED']);
    expect(
      d.events.some((e) => e.name === 'session_cancelled' && e.payload['sessionId'] === cancelled.id),
    ).to.equal(true);
  });
});
