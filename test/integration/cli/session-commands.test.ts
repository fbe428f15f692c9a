import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USER_API_FEATURES } from '../client/support/user-api-features';
import {
  ALICE,
  BOB,
  bootGraphQLManager,
  createSession,
  statusReached,
  type Caller,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { runCli, startCli, type CliResult } from '../../unit/cli/support/run-built-cli';

/** Table rows split into cells (columns are separated by two or more spaces). */
function table(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{2,}/));
}

/**
 * The session verbs of the built `tessera` command (child processes) against a booted manager
 * with every user-API feature: tables for people, --json for scripts, one-line failures.
 */
describe('tessera ps / session verbs / run --stream against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let sessionId: string;
  let work: string;
  const envOf = (caller: Caller): NodeJS.ProcessEnv => ({
    BACKEND_ENDPOINT: deployment.endpoint,
    BACKEND_ACCESS_KEY: caller.accessKey,
    BACKEND_SECRET_KEY: caller.secretKey,
  });
  const cli = (args: string[], caller: Caller = ALICE): Promise<CliResult> =>
    runCli(args, { env: envOf(caller), cwd: work });
  const expectUnknown = async (args: string[]) => {
    const failed = await cli(args, BOB);
    expect(failed.code, `${args.join(' ')}: ${failed.stderr}`).to.equal(1);
    expect(failed.stderr).to.equal(
      'tessera: session "cli-main" not found: no session visible to this keypair has that name or id (tessera ps -a lists them)\n',
    );
    expect(failed.stdout).to.equal('');
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-session-'));
    deployment = await bootGraphQLManager({ features: USER_API_FEATURES });
    sessionId = await createSession(deployment, ALICE, 'cli-main');
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  after(async () => {
    deployment.agent.removeWorkFolders();
    await deployment.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('ps lists live sessions as a table, --json for scripts, -f picks fields; another user sees none', async () => {
    const listed = await cli(['ps']);
    expect(listed.code, listed.stderr).to.equal(0);
    const [header, ...rows] = table(listed.stdout);
    expect(header).to.deep.equal([
      'NAME',
      'SESSION ID',
      'GROUP NAME',
      'IMAGE',
      'TYPE',
      'STATUS',
      'STATUS INFO',
      'STATUS CHANGED',
    ]);
    expect(rows.map((row) => row.slice(0, 2))).to.deep.include(['cli-main', sessionId]);

    const json = await cli([
      'session',
      'list',
      '-s',
      'RUNNING',
      '-f',
      'name,status,occupied_slots',
      '--json',
    ]);
    expect(json.code, json.stderr).to.equal(0);
    const parsed = JSON.parse(json.stdout) as { total_count: number; items: Array<Record<string, unknown>> };
    expect(parsed.items).to.deep.include({
      name: 'cli-main',
      status: 'RUNNING',
      occupied_slots: parsed.items.find((item) => item.name === 'cli-main')!.occupied_slots,
    });
    expect(parsed.items[0]!.occupied_slots).to.be.an('object').with.property('cpu');

    expect((await cli(['ps', '--dead', '--json'])).stdout).to.include('"items": []');
    expect(JSON.parse((await cli(['ps', '--json'], BOB)).stdout)).to.deep.equal({
      total_count: 0,
      items: [],
    });

    const badStatus = await cli(['ps', '-s', 'SLEEPING']);
    expect(badStatus.code).to.equal(1);
    expect(badStatus.stderr).to.match(
      /^tessera: option '-s, --status <statuses>' argument 'SLEEPING' is invalid\. unknown status "SLEEPING"/,
    );
    const badField = await cli(['ps', '-f', 'name,colour']);
    expect(badField.stderr).to.include('there is no such field: colour');
  });

  it('session info prints a field table or the whole answer as JSON; an unknown session fails clearly', async () => {
    const info = await cli(['session', 'info', 'cli-main']);
    expect(info.code, info.stderr).to.equal(0);
    const rows = table(info.stdout);
    expect(rows[0]).to.deep.equal(['FIELD', 'VALUE']);
    expect(rows).to.deep.include(['Session ID', sessionId]);
    expect(rows).to.deep.include(['Status', 'RUNNING']);
    const json = JSON.parse((await cli(['session', 'info', 'cli-main', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(json).to.include({ sessionId, sessionName: 'cli-main', status: 'RUNNING' });
    await expectUnknown(['session', 'info', 'cli-main']);
  });

  it('session logs and status-history, as text and as JSON', async () => {
    const logs = await cli(['session', 'logs', 'cli-main']);
    expect(logs).to.include({ code: 0 });
    expect(logs.stdout).to.match(/^log of [0-9a-f-]+\n$/);
    expect(JSON.parse((await cli(['session', 'logs', 'cli-main', '--json'])).stdout))
      .to.have.property('logs')
      .that.match(/^log of/);
    await expectUnknown(['session', 'logs', 'cli-main']);

    const history = await cli(['session', 'status-history', 'cli-main']);
    expect(history.code, history.stderr).to.equal(0);
    const rows = table(history.stdout);
    expect(rows[0]).to.deep.equal(['STATUS', 'TIME']);
    expect(rows[1]![0]).to.equal('PENDING');
    expect(rows[rows.length - 1]![0]).to.equal('RUNNING');
    const json = JSON.parse(
      (await cli(['session', 'status-history', 'cli-main', '--json'])).stdout,
    ) as Record<string, string>;
    expect(json).to.include.keys(['PENDING', 'RUNNING']);
    await expectUnknown(['session', 'status-history', 'cli-main']);
  });

  it('session upload, ls and download move files, with --json summaries', async () => {
    mkdirSync(join(work, 'src'), { recursive: true });
    writeFileSync(join(work, 'src', 'main.py'), 'print("hi")\n');
    writeFileSync(join(work, 'notes.txt'), 'some notes\n');
    const upload = await cli(['session', 'upload', 'cli-main', 'src/main.py', 'notes.txt']);
    expect(upload.code, upload.stderr).to.equal(0);
    expect(upload.stderr).to.equal('∙ uploaded 2 file(s), 23 B, to session cli-main\n');
    const uploadJson = await cli(['session', 'upload', 'cli-main', 'notes.txt', '--json']);
    expect(JSON.parse(uploadJson.stdout)).to.deep.equal({ uploaded: [{ name: 'notes.txt', size: 11 }] });

    const ls = await cli(['session', 'ls', 'cli-main']);
    expect(ls.code, ls.stderr).to.equal(0);
    const rows = table(ls.stdout);
    expect(rows[0]).to.deep.equal(['NAME', 'SIZE', 'MODIFIED', 'MODE']);
    expect(rows.map((row) => row[0])).to.include.members(['src/', 'notes.txt']);
    expect(rows.find((row) => row[0] === 'notes.txt')![1]).to.equal('11 B');
    const lsJson = JSON.parse((await cli(['session', 'ls', 'cli-main', 'src', '--json'])).stdout) as {
      path: string;
      files: Array<{ filename: string; size: number }>;
    };
    expect(lsJson.path).to.equal('/home/work/src');
    expect(lsJson.files.map((file) => [file.filename, file.size])).to.deep.equal([['main.py', 12]]);

    const download = await cli(['session', 'download', 'cli-main', 'src', 'notes.txt', '--dest', 'out']);
    expect(download.code, download.stderr).to.equal(0);
    expect(download.stderr).to.match(/^∙ downloaded 2 file\(s\), 23 B, to .*out\n$/);
    expect(readFileSync(join(work, 'out', 'src', 'main.py'), 'utf8')).to.equal('print("hi")\n');
    expect(readFileSync(join(work, 'out', 'notes.txt'), 'utf8')).to.equal('some notes\n');
    const downloadJson = JSON.parse(
      (await cli(['session', 'download', 'cli-main', 'notes.txt', '--dest', 'out2', '--json'])).stdout,
    ) as { files: unknown[] };
    expect(downloadJson.files).to.deep.equal([{ path: join('out2', 'notes.txt'), size: 11 }]);

    const missing = await cli(['session', 'upload', 'cli-main', 'nope.txt']);
    expect(missing).to.include({ code: 2, stderr: 'tessera: nope.txt: no such file\n' });
    await expectUnknown(['session', 'upload', 'cli-main', 'notes.txt']);
    await expectUnknown(['session', 'download', 'cli-main', 'notes.txt']);
    await expectUnknown(['session', 'ls', 'cli-main']);
  });

  it('session events prints lifecycle events until the session ends (table lines, or JSON lines)', async () => {
    const id = await createSession(deployment, ALICE, 'cli-events');
    await statusReached(deployment, id, 'RUNNING');
    const people = startCli(['session', 'events', 'cli-events'], { env: envOf(ALICE), cwd: work });
    const scripts = startCli(['session', 'events', 'cli-events', '--json'], { env: envOf(ALICE), cwd: work });
    // Both commands say on stderr when their stream is open; then end the session.
    const stderrOf = (child: typeof people.child) => {
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      return () => text;
    };
    const peopleErr = stderrOf(people.child);
    const scriptsErr = stderrOf(scripts.child);
    await eventually(
      () =>
        [peopleErr(), scriptsErr()].every((text) =>
          text.includes('∙ listening for events of session cli-events'),
        ),
      'both event streams to open',
      15_000,
    );
    const destroyed = await cli(['rm', 'cli-events']);
    expect(destroyed.code, destroyed.stderr).to.equal(0);
    const [text, json] = await Promise.all([people.result, scripts.result]);
    expect(text.code, text.stderr).to.equal(0);
    expect(
      text.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/)),
    ).to.deep.equal([
      ['session_terminating', 'cli-events', '-', 'reason=user-requested'],
      ['kernel_terminated', 'cli-events', 'main1', 'reason=user-requested', 'exitCode=0'],
      ['session_terminated', 'cli-events', '-', 'reason=user-requested'],
    ]);
    expect(json.code, json.stderr).to.equal(0);
    const events = json.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; event: string; data: Record<string, unknown> });
    expect(events.map((event) => event.event)).to.include('session_terminating');
    expect(events[events.length - 1]).to.deep.include({ event: 'session_terminated' });
    expect(events[events.length - 1]!.data).to.include({ sessionName: 'cli-events', sessionId: id });

    const over = await cli(['session', 'events', id]); // a name finds only live sessions
    expect(over.code).to.equal(0);
    expect(over.stderr).to.include('is already TERMINATED');
    await expectUnknown(['session', 'events', 'cli-main']);
  });

  it('session rename and interrupt, as text and as JSON', async () => {
    const id = await createSession(deployment, ALICE, 'cli-renamed');
    await statusReached(deployment, id, 'RUNNING');
    const renamed = await cli(['session', 'rename', 'cli-renamed', 'cli-renamed-2']);
    expect(renamed).to.include({ code: 0, stdout: 'session cli-renamed renamed to cli-renamed-2\n' });
    const back = await cli(['session', 'rename', 'cli-renamed-2', 'cli-renamed', '--json']);
    expect(JSON.parse(back.stdout)).to.deep.equal({ session: 'cli-renamed-2', name: 'cli-renamed' });
    const badName = await cli(['session', 'rename', 'cli-renamed', 'x']);
    expect(badName.code).to.equal(1);
    expect(badName.stderr).to.match(/^tessera: .*name/);
    await expectUnknown(['session', 'rename', 'cli-main', 'stolen-name']);

    const interrupted = await cli(['session', 'interrupt', 'cli-renamed']);
    expect(interrupted).to.include({ code: 0, stdout: 'interrupt sent to session cli-renamed\n' });
    expect(JSON.parse((await cli(['session', 'interrupt', 'cli-renamed', '--json'])).stdout)).to.deep.equal({
      session: 'cli-renamed',
      interrupted: true,
    });
    await expectUnknown(['session', 'interrupt', 'cli-main']);
  });

  it('run streams its output over the execute WebSocket (REST with --no-stream)', async () => {
    const before = deployment.agent.executed.length;
    const streamed = await cli(['run', '-t', 'cli-main', '-c', 'print(2)', 'python']);
    expect(streamed.code, streamed.stderr).to.equal(0);
    expect(streamed.stdout).to.equal('ran: print(2)\n');
    expect(streamed.stderr).to.not.include('REST');
    const rest = await cli(['run', '--no-stream', '-t', 'cli-main', '-c', 'print(3)', 'python']);
    expect(rest.code, rest.stderr).to.equal(0);
    expect(rest.stdout).to.equal('ran: print(3)\n');
    const runs = deployment.agent.executed.slice(before).map((call) => call.request.code);
    expect(runs).to.deep.equal(['print(2)', 'print(3)']);
  });
});
