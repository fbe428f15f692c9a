import { expect } from 'chai';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import {
  ALICE,
  BOB,
  bootGraphQLManager,
  createSession,
  signedCall,
  statusReached,
} from '../manager/graphql-harness';

describe('manager: session rename, interrupt, status history and the id matcher', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let aliceOne: string;
  let aliceTwo: string;
  let bobOne: string;

  before(async () => {
    deployment = await bootGraphQLManager();
    aliceOne = await createSession(deployment, ALICE, 'alice-one');
    aliceTwo = await createSession(deployment, ALICE, 'alice-two');
    bobOne = await createSession(deployment, BOB, 'bob-one');
    for (const id of [aliceOne, aliceTwo, bobOne]) await statusReached(deployment, id, 'RUNNING');
  });
  after(async () => {
    await deployment?.stop();
  });

  const call = (caller: typeof ALICE, method: string, path: string, body?: unknown) =>
    signedCall(deployment.endpoint, caller, method, path, body);
  const nameOf = async (id: string) => (await deployment.db.sessions.get(id))!.name;

  describe('POST /session/:id/rename', () => {
    it('renames a running session: the new name finds it, the old one no longer does', async () => {
      expect(
        (await call(ALICE, 'POST', '/session/alice-one/rename', { name: 'alice-renamed' })).status,
      ).to.equal(204);
      expect(await nameOf(aliceOne)).to.equal('alice-renamed');
      const info = await call(ALICE, 'GET', '/session/alice-renamed');
      expect(info.status).to.equal(200);
      expect((await call(ALICE, 'GET', '/session/alice-one')).status).to.equal(404);
      // The older alias of the field, and back.
      const back = await call(ALICE, 'POST', '/session/alice-renamed/rename', {
        clientSessionToken: 'alice-one',
      });
      expect(back.status).to.equal(204);
      expect(await nameOf(aliceOne)).to.equal('alice-one');
    });

    it('refuses a name another of the owner’s sessions has, and a malformed name, naming the field', async () => {
      const taken = await call(ALICE, 'POST', '/session/alice-one/rename', { name: 'alice-two' });
      expect(taken.status).to.equal(400);
      expect(taken.body['type']).to.equal('https://api.backend.ai/probs/session-already-exists');
      const malformed = await call(ALICE, 'POST', '/session/alice-one/rename', { name: 'no spaces here' });
      expect(malformed.status).to.equal(400);
      expect(String(malformed.body['title']) + String(malformed.body['detail'] ?? '')).to.match(/name/);
      const missing = await call(ALICE, 'POST', '/session/alice-one/rename', {});
      expect(missing.status).to.equal(400);
      expect(await nameOf(aliceOne)).to.equal('alice-one');
    });

    it('lets another user have the same name (names are per access key)', async () => {
      expect((await call(BOB, 'POST', '/session/bob-one/rename', { name: 'alice-two' })).status).to.equal(
        204,
      );
      expect(await nameOf(bobOne)).to.equal('alice-two');
      expect((await call(BOB, 'POST', '/session/alice-two/rename', { name: 'bob-one' })).status).to.equal(
        204,
      );
    });

    it("does not let a user rename another user's session: 404, and nothing changes", async () => {
      const refused = await call(BOB, 'POST', '/session/alice-one/rename', { name: 'bob-stole-it' });
      expect(refused.status).to.equal(404);
      expect(await nameOf(aliceOne)).to.equal('alice-one');
    });

    it('refuses to rename a session that is not running', async () => {
      // The agent takes the kernel but reports no progress: the session stays SCHEDULED.
      deployment.agent.startsKernels = false;
      try {
        const waiting = await createSession(deployment, ALICE, 'alice-waiting');
        await statusReached(deployment, waiting, 'SCHEDULED');
        const refused = await call(ALICE, 'POST', '/session/alice-waiting/rename', { name: 'alice-moved' });
        expect(refused.status).to.equal(400);
        expect(String(refused.body['title']) + String(refused.body['detail'] ?? '')).to.match(/SCHEDULED/);
        expect(await nameOf(waiting)).to.equal('alice-waiting');
      } finally {
        deployment.agent.startsKernels = true;
      }
    });
  });

  describe('POST /session/:id/interrupt', () => {
    it('sends the main kernel an interrupt for its owner, and nothing for another user', async () => {
      const kernelId = (await deployment.db.sessions.get(aliceTwo))!.kernels[0]!.id;
      const before = deployment.agent.interrupted.length;
      expect((await call(BOB, 'POST', '/session/alice-two/interrupt')).status).to.equal(404);
      expect(deployment.agent.interrupted.length).to.equal(before);
      expect((await call(ALICE, 'POST', '/session/alice-two/interrupt')).status).to.equal(204);
      expect(deployment.agent.interrupted.slice(before)).to.deep.equal([kernelId]);
    });
  });

  describe('GET /session/:id/status-history', () => {
    it('answers when the session reached each status so far', async () => {
      const answer = await call(ALICE, 'GET', '/session/alice-two/status-history');
      expect(answer.status).to.equal(200);
      const history = answer.body['result'] as Record<string, string>;
      expect(history).to.include.keys('PENDING', 'SCHEDULED', 'RUNNING');
      expect(Date.parse(history['RUNNING']!)).to.be.at.least(Date.parse(history['PENDING']!));
      expect((await call(BOB, 'GET', '/session/alice-two/status-history')).status).to.equal(404);
    });
  });

  describe('GET /session/_/match', () => {
    it("matches the start of the caller's session names and ids, newest first, and never another user's", async () => {
      const byName = await call(ALICE, 'GET', '/session/_/match?id=alice-');
      expect(byName.status).to.equal(200);
      const names = (byName.body['matches'] as Array<{ name: string }>).map((m) => m.name);
      expect(names).to.include.members(['alice-one', 'alice-two']);
      expect(names).not.to.include('bob-one');
      const byId = await call(ALICE, 'GET', `/session/_/match?id=${aliceTwo.slice(0, 8)}`);
      expect(byId.body['matches']).to.deep.include({ id: aliceTwo, name: 'alice-two', status: 'RUNNING' });
      const bobs = await call(ALICE, 'GET', `/session/_/match?id=${bobOne.slice(0, 13)}`);
      expect(bobs.body['matches']).to.deep.equal([]);
      expect((await call(ALICE, 'GET', '/session/_/match?id=bob')).body['matches']).to.deep.equal([]);
      // A LIKE wildcard in the prefix matches only literally.
      expect((await call(ALICE, 'GET', '/session/_/match?id=alice_')).body['matches']).to.deep.equal([]);
      const missing = await call(ALICE, 'GET', '/session/_/match');
      expect(missing.status).to.equal(400);
    });
  });

  describe('execute after the kernel began to end', () => {
    it('passes a continue on to the agent, which keeps the run’s last result, and refuses a new query with 409', async () => {
      // The last test of the file: alice-two may end now.
      const sessionId = aliceTwo;
      // As when the agent ends the kernel under a run (exec-timeout): the session moves on first.
      await deployment.db.sessions.setSessionStatus(sessionId, 'TERMINATING', {
        at: new Date(),
        expect: ['RUNNING'],
      });
      const before = deployment.agent.executed.length;
      const next = await call(ALICE, 'POST', '/session/alice-two', {
        mode: 'continue',
        runId: 'r1',
        code: '',
      });
      expect(next.status).to.equal(200);
      expect(deployment.agent.executed.slice(before).map((e) => e.request.mode)).to.deep.equal(['continue']);
      const fresh = await call(ALICE, 'POST', '/session/alice-two', {
        mode: 'query',
        runId: 'r2',
        code: '1',
      });
      expect(fresh.status).to.equal(409);
      expect(deployment.agent.executed.length).to.equal(before + 1);
    });
  });
});
