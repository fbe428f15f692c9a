import { expect } from 'chai';
import { ApiConfig, BackendAPIError, Client } from '@tessera/client';
import { sdkClient } from '../manager/support/manager-deployment';
import {
  addUser,
  bootScheduling,
  eventually,
  type SchedulingDeployment,
} from './support/embedded-scheduling';

const QUEUED_ACCESS_KEY = 'AKIAQUEUEDUSER000001';
const QUEUED_SECRET_KEY = 'queuedUserSecretForTheQuotaTest000001';

describe('scheduling: the pending-session quota is enforced when a session is enqueued', function () {
  this.timeout(20_000);
  let d: SchedulingDeployment;

  beforeEach(async () => {
    d = await bootScheduling({ scheduling: { tickInterval: 0.2 } });
    await d.db.fixtures.populate({
      keypair_resource_policies: [
        {
          name: 'short-queue',
          max_concurrent_sessions: 10,
          max_pending_session_count: 2,
          max_pending_session_resource_slots: { cpu: '9' },
        },
      ],
    });
    await addUser(d, {
      uuid: '0b8e5a7e-2a55-4c61-9a43-3f6e1b1c0001',
      email: 'queued@example.com',
      accessKey: QUEUED_ACCESS_KEY,
      secretKey: QUEUED_SECRET_KEY,
      resourcePolicy: 'short-queue',
    });
  });
  afterEach(async () => {
    await d?.stop();
  });

  /** Creates a session as the queued user with Tessera's client, which keeps the problem type. */
  async function refusal(name: string, resources: Record<string, string | number>): Promise<BackendAPIError> {
    const client = new Client(
      new ApiConfig({ endpoints: [d.endpoint], accessKey: QUEUED_ACCESS_KEY, secretKey: QUEUED_SECRET_KEY }),
    );
    try {
      await client.createSession({ image: 'python', name, resources, enqueueOnly: true });
    } catch (error) {
      if (error instanceof BackendAPIError) return error;
      throw error;
    }
    throw new Error(`session ${name} was admitted`);
  }

  it('refuses a session beyond max_pending_session_count with 412 quota-exceeded, and admits it once the queue moves', async () => {
    const user = sdkClient(d.endpoint, QUEUED_SECRET_KEY, QUEUED_ACCESS_KEY);
    // 6 cpu fits no agent (4 cpu each): both stay PENDING.
    await user.createIfNotExists('python', 'waits-1', { cpu: 6, enqueueOnly: true });
    await user.createIfNotExists('python', 'waits-2', { cpu: 1, mem: '64g', enqueueOnly: true });
    const refused = await refusal('third', { cpu: 1 });
    expect(refused.status).to.equal(412);
    expect(refused.type).to.equal('https://api.backend.ai/probs/quota-exceeded');
    expect(refused.title).to.equal(
      'You cannot have more than 2 pending sessions (this one is number 3 in your queue)',
    );
    expect(await d.db.sessions.findActiveByName(QUEUED_ACCESS_KEY, 'third')).to.equal(null);

    // Another keypair's queue is its own.
    await d.client.createIfNotExists('python', 'admin-session', { cpu: 6, enqueueOnly: true });

    const waiting = await d.db.sessions.findActiveByName(QUEUED_ACCESS_KEY, 'waits-2');
    await user.destroy(waiting!.id);
    await eventually(
      async () => (await d.db.sessions.listPendingOf(QUEUED_ACCESS_KEY)).length === 1,
      'the cancelled session to leave the queue',
    );
    await user.createIfNotExists('python', 'third', { cpu: 1, enqueueOnly: true });
    expect(await d.db.sessions.findActiveByName(QUEUED_ACCESS_KEY, 'third')).to.not.equal(null);
  });

  it('refuses a session whose slots would take the queue past max_pending_session_resource_slots', async () => {
    const user = sdkClient(d.endpoint, QUEUED_SECRET_KEY, QUEUED_ACCESS_KEY);
    await user.createIfNotExists('python', 'big-wait', { cpu: 6, enqueueOnly: true });
    const refused = await refusal('too-much', { cpu: 5 });
    expect(refused.status).to.equal(412);
    expect(refused.title).to.equal('Your pending session quota is exceeded. (cpu 11 > 9)');
    // Within the limit (6 + 3 = 9): admitted.
    await user.createIfNotExists('python', 'just-fits', { cpu: 3, mem: '64g', enqueueOnly: true });
    const queue = await d.db.sessions.listPendingOf(QUEUED_ACCESS_KEY);
    expect(queue.map((s) => s.name)).to.deep.equal(['big-wait', 'just-fits']);
  });
});
