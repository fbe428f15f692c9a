import { expect } from 'chai';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUNNER_ROOT } from '@tessera/kernel-runner';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { processExists } from '../../support/kernel-spec';
import { SocketRunner, type RunnerConnection } from './socket-runner';

/** A small HTTP server answering GET with its arguments, two variables and its working directory. */
const ECHO_SERVER = [
  'import http.server, json, os, sys',
  'class Echo(http.server.BaseHTTPRequestHandler):',
  '    def do_GET(self):',
  '        body = json.dumps(dict(argv=sys.argv[1:], probe=os.environ.get("SERVICE_PROBE"),',
  '                               greeting=os.environ.get("GREETING_ENV"), cwd=os.getcwd())).encode()',
  '        self.send_response(200)',
  '        self.end_headers()',
  '        self.wfile.write(body)',
  '    def log_message(self, *args):',
  '        pass',
  'http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()',
];

const DEFINITIONS: Record<string, unknown> = {
  echo: {
    prestart: [
      { action: 'write_tempfile', args: { body: ECHO_SERVER }, ref: 'server' },
      {
        action: 'run_command',
        args: { command: ['{runtime_path}', '-c', "print('probe-output')"] },
        ref: 'probe',
      },
      { action: 'mkdir', args: { path: 'data/{ports[0]}' } },
      {
        action: 'write_file',
        args: {
          filename: 'data/{ports[0]}/note.txt',
          body: ['port={ports[0]}', 'ports={ports}'],
          mode: '600',
        },
      },
      { action: 'log', args: { body: 'server script at {server}' } },
    ],
    command: ['{runtime_path}', '{server}', '${{ ports[0] }}'],
    env: { SERVICE_PROBE: '{probe[out]}' },
    allowed_arguments: ['--greeting'],
    default_arguments: { '--mode': 'echo' },
    allowed_envs: ['GREETING_ENV'],
    url_template: 'http://{host}:{port}/',
  },
  files: { command: ['{runtime_path}', '-m', 'http.server', '{ports[0]}', '--bind', '127.0.0.1'] },
  stoppable: { command: ['{runtime_path}', '-m', 'http.server', '{ports[0]}', '--bind', '127.0.0.1'] },
  strict: { command: ['{runtime_path}', '-m', 'http.server', '{ports[0]}', '--bind', '127.0.0.1'] },
  script: {
    command: 'echo "${HOME}" > home.txt; exec {runtime_path} -m http.server {ports[0]} --bind 127.0.0.1',
  },
  nothing: { command: ['true'], noop: true },
  'unknown-action': { prestart: [{ action: 'frobnicate' }], command: ['true'] },
  'missing-argument': { prestart: [{ action: 'write_file', args: { body: ['x'] } }], command: ['true'] },
  'unknown-field': { command: ['true'], comand: ['true'] },
  'unknown-variable': { command: ['{runtime_path}', '{nope}'] },
  frozen: { command: ['true'], allowed_envs: ['BACKENDAI_KERNEL_ID'] },
  'dies-first': { command: ['/bin/sh', '-c', 'echo boom; exit 3'] },
  'never-listens': { command: ['sleep', '60'] },
};

describe('kernel runner: service definitions and start-service (real python3, real services)', function () {
  this.timeout(30_000);
  let runner: SocketRunner;
  let connection: RunnerConnection;
  let definitions: string;

  before(async () => {
    definitions = mkdtempSync(join(tmpdir(), 'tessera-service-defs-'));
    for (const [name, definition] of Object.entries(DEFINITIONS)) {
      writeFileSync(join(definitions, `${name}.json`), JSON.stringify(definition));
    }
    writeFileSync(join(definitions, 'malformed.json'), '{"command": [');
    runner = SocketRunner.start({
      TESSERA_SERVICE_DEFS_DIR: definitions,
      TESSERA_SERVICE_START_TIMEOUT: '2',
    });
    connection = await runner.connect();
    await connection.ready();
  });
  after(async () => {
    connection.inbox.send('exit');
    await runner.exited;
    connection.socket.destroy();
    await runner.stop();
    rmSync(definitions, { recursive: true, force: true });
  });

  let requests = 0;
  /** start-service and its service-result. */
  async function startService(
    service: string,
    ports: unknown[],
    extra: { args?: Record<string, unknown>; envs?: Record<string, unknown> } = {},
  ): Promise<{ requestId?: string; status?: string; error?: string }> {
    requests += 1;
    const requestId = `request-${requests}`;
    connection.inbox.send('start-service', {
      requestId,
      service,
      protocol: 'http',
      ports,
      args: extra.args ?? {},
      envs: extra.envs ?? {},
    });
    const messages = await connection.inbox.until(
      'service-result',
      (m) => (m.data as { requestId?: string }).requestId === requestId,
    );
    return messages.at(-1)!.data as { requestId?: string; status?: string; error?: string };
  }

  it('runs the prestart actions and starts the command, placeholders and variables filled in', async () => {
    const port = await freePort();
    const result = await startService('echo', [port], {
      args: { '--greeting': 'hello' },
      envs: { GREETING_ENV: 'hi-env' },
    });
    expect(result).to.deep.equal({ requestId: `request-${requests}`, status: 'started' });
    const answer = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as Record<string, unknown>;
    expect(answer).to.deep.equal({
      argv: [String(port), '--mode', 'echo', '--greeting', 'hello'],
      probe: 'probe-output\n',
      greeting: 'hi-env',
      cwd: realpathSync(runner.workDir),
    });
    const note = join(runner.workDir, 'data', String(port), 'note.txt');
    expect(readFileSync(note, 'utf8')).to.equal(`port=${port}\nports=[${port}]\n`);
    expect(statSync(note).mode & 0o777).to.equal(0o600);
    await runner.diagnostic(/^service echo: server script at \/.*tessera-echo-.*\.py$/);
  });

  it('answers already-running for a live service, and starts it again once it died', async () => {
    const port = await freePort();
    expect((await startService('files', [port])).status).to.equal('started');
    expect((await startService('files', [port])).status).to.equal('already-running');
    const pid = Number(
      /^service files: process (\d+) runs/.exec(await runner.diagnostic(/^service files: process/))![1],
    );
    process.kill(-pid, 'SIGKILL');
    await eventually(() => !processExists(pid), 'the service to die');
    expect((await startService('files', [port])).status).to.equal('started');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).to.equal(200);
  });

  /** shutdown-service and its service-stopped. */
  async function shutdownService(
    service: unknown,
  ): Promise<{ requestId?: string; status?: string; error?: string }> {
    requests += 1;
    const requestId = `request-${requests}`;
    connection.inbox.send('shutdown-service', { requestId, service });
    const messages = await connection.inbox.until(
      'service-stopped',
      (m) => (m.data as { requestId?: string }).requestId === requestId,
    );
    return messages.at(-1)!.data as { requestId?: string; status?: string; error?: string };
  }

  it('stops a started service with shutdown-service, then answers not-running, and starts it again', async () => {
    const port = await freePort();
    expect((await startService('stoppable', [port])).status).to.equal('started');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).to.equal(200);
    const pid = Number(
      /^service stoppable: process (\d+) runs/.exec(
        await runner.diagnostic(new RegExp(`^service stoppable: process \\d+ runs .*'${port}'`)),
      )![1],
    );
    expect(await shutdownService('stoppable')).to.deep.equal({
      requestId: `request-${requests}`,
      status: 'stopped',
    });
    expect(processExists(pid)).to.equal(false);
    let refused = false;
    await fetch(`http://127.0.0.1:${port}/`).catch(() => (refused = true));
    expect(refused, 'the port no longer answers').to.equal(true);
    await runner.diagnostic(new RegExp(`^service stoppable: stopped \\(pid ${pid}\\)$`));
    expect((await shutdownService('stoppable')).status).to.equal('not-running');
    expect((await shutdownService('never-started')).status).to.equal('not-running');
    expect(await shutdownService('')).to.deep.include({
      status: 'failed',
      error: "shutdown-service needs the service's name",
    });
    expect((await startService('stoppable', [port])).status).to.equal('started');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).to.equal(200);
  });

  it('runs a shell-script command, leaving ${VAR} to the shell', async () => {
    const port = await freePort();
    expect(await startService('script', [port])).to.include({ status: 'started' });
    expect(readFileSync(join(runner.workDir, 'home.txt'), 'utf8')).to.equal(`${runner.workDir}\n`);
  });

  it('does not make a start wait behind a running query', async () => {
    connection.inbox.send('code', 'import time\nprint("busy", flush=True)\ntime.sleep(30)');
    await connection.inbox.until('stdout', (m) => m.data === 'busy');
    expect((await startService('nothing', [])).status).to.equal('started');
    connection.inbox.send('interrupt');
    await connection.inbox.until('finished');
  });

  const failures: Array<[string, string, unknown[] | 'free', Parameters<typeof startService>[2], RegExp]> = [
    ['a service without a definition', 'ghost', 'free', {}, /^no service definition for ghost$/],
    ['a service name that is not a file name', '../etc/passwd', 'free', {}, /^invalid service name/],
    [
      'malformed JSON',
      'malformed',
      'free',
      {},
      /^malformed JSON in the service definition .*malformed\.json/,
    ],
    [
      'an unknown prestart action',
      'unknown-action',
      'free',
      {},
      /prestart action #1: unknown action 'frobnicate'/,
    ],
    [
      'a missing action argument',
      'missing-argument',
      'free',
      {},
      /\(write_file\): argument 'filename' is required/,
    ],
    ['an unknown field', 'unknown-field', 'free', {}, /unknown field\(s\) comand$/],
    [
      'an unknown variable',
      'unknown-variable',
      'free',
      {},
      /unknown variable 'nope' .*known: ports, runtime_path/,
    ],
    [
      'an argument not allowed',
      'strict',
      'free',
      { args: { '--evil': 'x' } },
      /argument --evil is not allowed/,
    ],
    ['a variable not allowed', 'strict', 'free', { envs: { OTHER: 'x' } }, /variable OTHER is not allowed/],
    [
      'a Backend.AI variable',
      'frozen',
      'free',
      { envs: { BACKENDAI_KERNEL_ID: 'x' } },
      /cannot be overridden/,
    ],
    ['ports that are not port numbers', 'files', ['8080'], {}, /ports must be a list of port numbers/],
  ];
  for (const [what, service, ports, extra, error] of failures) {
    it(`fails, saying why, for ${what}`, async () => {
      const result = await startService(service, ports === 'free' ? [await freePort()] : ports, extra);
      expect(result.status).to.equal('failed');
      expect(result.error).to.match(error);
    });
  }

  it('fails with the last lines of its output when the service exits before it listens', async () => {
    const port = await freePort();
    const result = await startService('dies-first', [port]);
    expect(result).to.include({ status: 'failed' });
    expect(result.error).to.equal(
      `service dies-first exited with code 3 before it listened on port ${port}; its last output:\nboom`,
    );
  });

  it('fails, and stops the service, when it does not listen in time', async () => {
    const port = await freePort();
    const result = await startService('never-listens', [port]);
    expect(result.status).to.equal('failed');
    expect(result.error).to.match(
      new RegExp(`^service never-listens did not listen on port ${port} within 2 s`),
    );
    const line = await runner.diagnostic(/^service never-listens: process/);
    const pid = Number(/process (\d+) runs/.exec(line)![1]);
    await eventually(() => !processExists(pid), 'the service to be stopped');
  });
});

describe('kernel runner: services end with the runner', function () {
  this.timeout(30_000);

  it('stops the services it started when it exits', async () => {
    const definitions = mkdtempSync(join(tmpdir(), 'tessera-service-defs-'));
    writeFileSync(join(definitions, 'files.json'), JSON.stringify(DEFINITIONS.files));
    const runner = SocketRunner.start({ TESSERA_SERVICE_DEFS_DIR: definitions });
    try {
      const connection = await runner.connect();
      await connection.ready();
      connection.inbox.send('start-service', { requestId: 'r', service: 'files', ports: [await freePort()] });
      expect((await connection.inbox.until('service-result')).at(-1)!.data).to.include({ status: 'started' });
      const pid = Number(/process (\d+) runs/.exec(await runner.diagnostic(/^service files: process/))![1]);
      connection.inbox.send('exit');
      expect(await runner.exited).to.equal(0);
      await eventually(() => !processExists(pid), 'the service to end with the runner');
    } finally {
      await runner.stop();
      rmSync(definitions, { recursive: true, force: true });
    }
  });
});

describe('kernel runner: its own modules', () => {
  it('leaves no __pycache__ in its folder, also for the modules it imports on first use (services above)', () => {
    expect(existsSync(join(RUNNER_ROOT, 'tessera_kernel', '__pycache__'))).to.equal(false);
  });
});
