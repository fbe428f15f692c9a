import { expect } from 'chai';
import { eventually } from '../../support/eventually';
import { SUPERADMIN, signedCall } from '../manager/graphql-harness';
import {
  bootRealCluster,
  processBackend,
  runCode,
  runningSession,
  type RealCluster,
} from './support/real-cluster';

/**
 * The agent's execTimeout seen through the manager's execute API (api-spec §4.1 `exec-timeout`),
 * with a real agent on the process backend: the run is answered exec-timeout with its output, and
 * the session ends as upstream's does (TERMINATED, status_info exec-timeout).
 */
describe('session execute past the agent execTimeout (process backend)', function () {
  this.timeout(60_000);
  let cluster: RealCluster;

  before(async () => {
    cluster = await bootRealCluster({
      backend: processBackend(),
      agentConfig: { execTimeout: 2 },
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('answers exec-timeout with the console output so far and ends the session with reason exec-timeout', async () => {
    const sessionId = await runningSession(cluster, 'spinner', 'python:3');
    expect((await runCode(cluster, 'spinner', 'print("quick")')).stdout).to.equal('quick\n');

    const results: Array<{ status: string; console: Array<[string, unknown]> }> = [];
    let mode = 'query';
    do {
      // By id: a session that already ended is still found that way (by name only while it lives).
      const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'POST', `/session/${sessionId}`, {
        mode,
        runId: 'spin',
        code: mode === 'query' ? 'print("spinning", flush=True)\nwhile True: pass' : '',
      });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      results.push(answer.body['result'] as (typeof results)[number]);
      mode = 'continue';
    } while (results.at(-1)!.status === 'continued');
    expect(results.at(-1)!.status).to.equal('exec-timeout');
    const stdout = results
      .flatMap((result) =>
        result.console.filter(([type]) => type === 'stdout').map(([, text]) => String(text)),
      )
      .join('');
    expect(stdout).to.equal('spinning\n');

    const ended = await eventually(async () => {
      const session = await cluster.db.sessions.get(sessionId);
      return session?.status === 'TERMINATED' && session;
    }, 'the session to end');
    expect(ended.statusInfo).to.equal('exec-timeout');
    expect(ended.kernels[0]!.statusInfo).to.equal('exec-timeout');
  });
});
