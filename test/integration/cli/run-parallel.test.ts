import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USER_API_FEATURES } from '../client/support/user-api-features';
import { ALICE, bootGraphQLManager, createSession, statusReached } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { runCli } from '../../unit/cli/support/run-built-cli';

/**
 * `tessera run` with range options against a booted manager (scripted agent): one session per
 * combination, output prefixed per run, and a non-zero exit when any run failed.
 */
describe('tessera run --exec-range: parallel runs against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let work: string;
  const cli = (args: string[]) =>
    runCli(args, {
      cwd: work,
      env: {
        BACKEND_ENDPOINT: deployment.endpoint,
        BACKEND_ACCESS_KEY: ALICE.accessKey,
        BACKEND_SECRET_KEY: ALICE.secretKey,
      },
    });

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-parallel-'));
    writeFileSync(join(work, 'boot.sh'), 'echo booting\n');
    deployment = await bootGraphQLManager({ features: USER_API_FEATURES });
  });
  after(async () => {
    deployment.agent.removeWorkFolders();
    await deployment.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs one session per value, prefixes each line with its session, and passes the new session options', async () => {
    const before = deployment.agent.executed.length;
    const result = await cli([
      'run',
      '--rm',
      '-t',
      'sweep',
      '--exec',
      'echo $N',
      '--exec-range',
      'N=case:one,two',
      '--max-parallel',
      '2',
      '--bootstrap-script',
      'boot.sh',
      '--callback-url',
      'http://127.0.0.1:9/hook',
      'python',
    ]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).to.deep.equal([
      '[sweep-1] ran: ',
      '[sweep-2] ran: ',
    ]);
    expect(result.stderr).to.include('sweep-1: N=one').and.include('sweep-2: N=two');
    expect(result.stderr).to.include('[sweep-1] ∙ session sweep-1 destroyed');
    expect(result.stderr).to.include('all 2 runs succeeded');
    const execs = deployment.agent.executed
      .slice(before)
      .map((call) => (call.request.options as { exec?: string } | undefined)?.exec)
      .filter(Boolean)
      .sort();
    expect(execs).to.deep.equal(['echo one', 'echo two']);
    const sessions = await deployment.db.sessions.match(ALICE.accessKey, 'sweep-', 10);
    expect(sessions.map((session) => session.name).sort()).to.deep.equal(['sweep-1', 'sweep-2']);
    for (const session of sessions) {
      expect(session).to.deep.include({
        bootstrapScript: 'echo booting\n',
        callbackUrl: 'http://127.0.0.1:9/hook',
      });
    }
  });

  it('exits 1 naming the run that failed while the others still run', async () => {
    await statusReached(deployment, await createSession(deployment, ALICE, 'taken-2'), 'RUNNING');
    const result = await cli([
      'run',
      '--no-reuse',
      '-t',
      'taken',
      '-e',
      'X=$V',
      '--env-range',
      'V=range:1,3',
      '-c',
      'print(1)',
      'python',
    ]);
    expect(result.code, result.stderr).to.equal(1);
    expect(result.stdout).to.equal('[taken-1] ran: print(1)\n');
    expect(result.stderr).to.match(/^tessera: 1 of 2 runs failed: taken-2 \(.+\)$/m);
  });

  it('refuses a bad range expression before sending anything, naming the part', async () => {
    const result = await cli(['run', '--exec', 'x $N', '--exec-range', 'N=range:1,x', 'python']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'tessera: --exec-range "N=range:1,x": range stop "x" must be a whole number\n',
    );
  });
});
