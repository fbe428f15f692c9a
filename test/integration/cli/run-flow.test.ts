import { expect } from 'chai';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ManagerStandIn,
  type RecordedRequest,
  type StandInAnswer,
} from '../../unit/client/support/manager-stand-in';
import { eventually } from '../../support/eventually';
import { runCli, startCli } from '../../unit/cli/support/run-built-cli';

const KEYS = {
  BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
  BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

type Step = {
  status: string;
  console?: Array<[string, unknown]>;
  exitCode?: number | null;
  options?: Record<string, unknown>;
};

/**
 * Plays a manager for `tessera run`: sessions start in the given status, and each run answers
 * with the scripted steps in order (the last step repeats). Inputs sent by the client are kept.
 */
class ScriptedManager {
  readonly server: ManagerStandIn;
  readonly inputs: string[] = [];

  constructor(
    private readonly steps: Step[],
    private readonly sessionStatus = 'RUNNING',
  ) {
    this.server = new ManagerStandIn((request) => this.answer(request));
  }

  calls(method: string, pathPrefix: string): RecordedRequest[] {
    return this.server.requests.filter(
      (request) => request.method === method && request.path.startsWith(pathPrefix),
    );
  }

  private answer(request: RecordedRequest): StandInAnswer {
    if (request.signatureValid !== true)
      return { status: 401, body: { type: 'auth-failed', title: 'Authentication failed' } };
    if (request.method === 'POST' && request.path === '/session') {
      const body = request.json as { clientSessionToken: string };
      return {
        status: 201,
        body: {
          sessId: body.clientSessionToken,
          status: this.sessionStatus,
          servicePorts: [],
          created: true,
        },
      };
    }
    if (request.method === 'DELETE') return { status: 204 };
    if (request.method === 'POST' && request.path.endsWith('/upload')) return { status: 204 };
    if (request.method === 'POST') {
      const body = request.json as { runId: string; mode: string; code: string };
      if (body.mode === 'input') this.inputs.push(body.code);
      const step = this.steps.length > 1 ? this.steps.shift()! : this.steps[0];
      const result = { runId: body.runId, console: [], exitCode: null, options: null, files: [], ...step };
      return { status: 200, body: { result } };
    }
    return { status: 404, body: { type: 'url-not-found', title: 'Not found' } };
  }
}

describe('tessera run against a scripted manager (built CLI, child process)', function () {
  this.timeout(20000);
  const managers: ScriptedManager[] = [];
  async function manager(
    steps: Step[],
    sessionStatus?: string,
  ): Promise<{ scripted: ScriptedManager; env: NodeJS.ProcessEnv }> {
    const scripted = new ScriptedManager(steps, sessionStatus);
    managers.push(scripted);
    return { scripted, env: { ...KEYS, BACKEND_ENDPOINT: await scripted.server.start() } };
  }
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((scripted) => scripted.server.stop()));
  });

  it('prints stdout and stderr to their own streams, destroys with --rm and exits with the run exit code', async () => {
    const { scripted, env } = await manager([
      {
        status: 'continued',
        console: [
          ['stdout', 'Tick 1\n'],
          ['stderr', 'warn 1\n'],
        ],
      },
      {
        status: 'finished',
        console: [
          ['stdout', 'done\n'],
          ['media', ['image/png', 'data:image/png;base64,AAAA']],
        ],
        exitCode: 3,
      },
    ]);
    const result = await runCli(['run', '--rm', '-t', 'flow-1', '-c', 'main()', 'python'], { env });
    expect(result.stdout).to.equal('Tick 1\ndone\n');
    expect(result.stderr)
      .to.include('warn 1\n')
      .and.include('[media output (image/png, 26 characters) not shown]');
    expect(result.stderr)
      .to.include('∙ session flow-1 created (RUNNING)')
      .and.include('∙ finished (exit code 3)');
    expect(result.stderr).to.include('∙ session flow-1 destroyed');
    expect(result.code).to.equal(3);
    expect(scripted.calls('DELETE', '/session/flow-1')).to.have.length(1);
  });

  it('without --rm leaves the session running and exits 0 even when the program failed', async () => {
    const { scripted, env } = await manager([
      { status: 'finished', console: [['stderr', 'Traceback\n']], exitCode: 1 },
    ]);
    const result = await runCli(['run', '-c', '1/0', 'python'], { env });
    expect(result.code).to.equal(0);
    expect(scripted.calls('DELETE', '/session')).to.have.length(0);
  });

  it('-q prints only the program output', async () => {
    const { env } = await manager([
      {
        status: 'finished',
        console: [
          ['stdout', 'hi\n'],
          ['stderr', 'err\n'],
        ],
        exitCode: 0,
      },
    ]);
    const result = await runCli(['run', '-q', '--rm', '-c', 'x', 'python'], { env });
    expect(result).to.include({ code: 0, stdout: 'hi\n', stderr: 'err\n' });
  });

  it('answers waiting-input with lines read from stdin', async () => {
    const { scripted, env } = await manager([
      { status: 'waiting-input', console: [['stdout', 'name? ']], options: { is_password: false } },
      { status: 'waiting-input', console: [['stdout', 'city? ']], options: { is_password: false } },
      { status: 'finished', console: [['stdout', 'bye\n']], exitCode: 0 },
    ]);
    const result = await runCli(['run', '-q', '-c', 'ask()', 'python'], { env, stdin: 'Ann\nSeoul\n' });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('name? city? bye\n');
    expect(scripted.inputs).to.deep.equal(['Ann', 'Seoul']);
  });

  it('fails in one line when the program wants input and stdin is closed, still destroying with --rm', async () => {
    const { scripted, env } = await manager([{ status: 'waiting-input', options: { is_password: false } }]);
    const result = await runCli(['run', '-q', '--rm', '-c', 'input()', 'python'], { env, stdin: '' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('tessera: the program asks for input but stdin is closed\n');
    expect(scripted.calls('DELETE', '/session')).to.have.length(1);
  });

  it('on Ctrl-C cancels the run, destroys the session with --rm and exits 130', async () => {
    const { scripted, env } = await manager([{ status: 'continued', console: [['stdout', '.']] }]);
    const { child, result } = startCli(
      ['run', '--rm', '-t', 'flow-int', '-c', 'while True: pass', 'python'],
      { env },
    );
    await eventually(
      () => scripted.calls('POST', '/session/flow-int').length >= 3,
      'the run to be under way (three execute calls)',
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    child.kill('SIGINT');
    const finished = await result;
    expect(finished.code).to.equal(130);
    expect(finished.stderr).to.include('∙ interrupted; destroying session flow-int');
    expect(finished.stderr.trimEnd().split('\n').pop()).to.equal('tessera: interrupted');
    expect(scripted.calls('DELETE', '/session/flow-int')).to.have.length(1);
  });

  it('uploads FILES and runs the batch steps', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tessera-run-'));
    try {
      mkdirSync(join(folder, 'src'));
      writeFileSync(join(folder, 'main.c'), 'int main(void) { return 0; }\n');
      writeFileSync(join(folder, 'src', 'util.h'), '#pragma once\n');
      const { scripted, env } = await manager([
        { status: 'build-finished', console: [['stdout', 'cc main.c\n']], exitCode: 0 },
        { status: 'finished', console: [['stdout', 'ran\n']], exitCode: 0 },
      ]);
      const result = await runCli(
        ['run', '--rm', '--build', '*', '--exec', './main', 'gcc:13', 'main.c', 'src/util.h'],
        {
          env,
          cwd: folder,
        },
      );
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal('cc main.c\nran\n');
      expect(result.stderr).to.include('∙ uploaded 2 file(s)').and.include('∙ build-finished (exit code 0)');
      const upload = scripted.calls('POST', '/session/').find((request) => request.path.endsWith('/upload'))!;
      expect(upload.rawBody.toString()).to.include('filename="main.c"').and.include('filename="src/util.h"');
      const batch = scripted
        .calls('POST', '/session/')
        .find((request) => (request.json as { mode?: string })?.mode === 'batch')!;
      expect((batch.json as { options: unknown }).options).to.deep.equal({ build: '*', exec: './main' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--enqueue-only queues the session and runs nothing', async () => {
    const { scripted, env } = await manager([{ status: 'finished', exitCode: 0 }], 'PENDING');
    const result = await runCli(['run', '--enqueue-only', '-t', 'queued-1', 'python'], { env });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.include('∙ session queued-1 is queued; nothing was run');
    expect((scripted.calls('POST', '/session')[0].json as { enqueueOnly: boolean }).enqueueOnly).to.equal(
      true,
    );
    expect(scripted.server.requests).to.have.length(1);
  });

  it('reports a session that could not start in one line and cleans up with --rm', async () => {
    const { scripted, env } = await manager([{ status: 'finished', exitCode: 0 }], 'ERROR');
    const result = await runCli(['run', '-q', '--rm', '-t', 'broken-1', '-c', 'x', 'python'], { env });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('tessera: session broken-1 could not start (status ERROR)\n');
    expect(scripted.calls('DELETE', '/session/broken-1')).to.have.length(1);
  });
});
