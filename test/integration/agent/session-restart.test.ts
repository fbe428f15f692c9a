import { expect } from 'chai';
import { ALICE, SUPERADMIN, signedCall } from '../manager/graphql-harness';
import { connectStream, refused } from '../manager-streams/stream-client';
import {
  bootRealCluster,
  processBackend,
  runCode,
  runningSession,
  type RealCluster,
} from './support/real-cluster';

/**
 * `PATCH /session/:id` (restart) through the manager and a real agent on the process backend:
 * the kernel's global state goes, /home/work stays, the session stays the same RUNNING session.
 */
describe('session restart through a real agent (process backend)', function () {
  this.timeout(60_000);
  let cluster: RealCluster;
  let sessionId: string;

  before(async () => {
    cluster = await bootRealCluster({
      backend: processBackend(),
    });
    sessionId = await runningSession(cluster, 'restartable', 'python:3');
  });
  after(async () => {
    await cluster?.stop();
  });

  it('wipes variables and imports, keeps the files in /home/work, and answers 204', async () => {
    await runCode(
      cluster,
      'restartable',
      "import json\nanswer = 41\nopen('kept.txt', 'w').write('still here')",
    );
    expect((await runCode(cluster, 'restartable', 'print(answer + 1)')).stdout).to.equal('42\n');
    const containerBefore = (await cluster.db.sessions.get(sessionId))!.kernels[0]!.containerId;

    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'PATCH', '/session/restartable');
    expect(answer.status, JSON.stringify(answer.body)).to.equal(204);

    const after = await runCode(cluster, 'restartable', 'print(answer)');
    expect(after.stderr).to.match(/NameError: name 'answer' is not defined/);
    expect((await runCode(cluster, 'restartable', "print('json' in dir())")).stdout).to.equal('False\n');
    expect((await runCode(cluster, 'restartable', "print(open('kept.txt').read())")).stdout).to.equal(
      'still here\n',
    );
    const session = (await cluster.db.sessions.get(sessionId))!;
    expect(session.status).to.equal('RUNNING');
    expect(session.kernels[0]!.status).to.equal('RUNNING');
    expect(session.kernels[0]!.containerId, 'the same kernel, as the manager knows it').to.equal(
      containerBefore,
    );
  });

  it("refuses another user's session (404) and leaves the kernel's state alone", async () => {
    await runCode(cluster, 'restartable', 'marker = 7');
    const answer = await signedCall(cluster.endpoint, ALICE, 'PATCH', `/session/${sessionId}`);
    expect(answer.status).to.equal(404);
    expect(answer.body['type']).to.equal('https://api.backend.ai/probs/session-not-found');
    expect((await runCode(cluster, 'restartable', 'print(marker)')).stdout).to.equal('7\n');
  });

  it('answers 404 for a session that does not exist', async () => {
    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'PATCH', '/session/no-such-session');
    expect(answer.status).to.equal(404);
  });

  it('refuses a terminal on the process backend before the upgrade: 501 not-supported', async () => {
    const answer = refused(
      await connectStream(cluster.endpoint, SUPERADMIN, '/stream/session/restartable/pty'),
    );
    expect(answer.status).to.equal(501);
    expect(JSON.stringify(answer.body)).to.match(/does not support terminals/);
  });
});
