import { expect } from 'chai';
import { closedPort, ManagerStandIn } from '../client/support/manager-stand-in';
import { runCli } from './support/run-built-cli';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEYS = { BACKEND_ACCESS_KEY: ACCESS_KEY, BACKEND_SECRET_KEY: SECRET_KEY };

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

describe('tessera: failures read as one line (built CLI, child process)', () => {
  it('says the manager cannot be reached, naming the endpoint', async () => {
    const port = await closedPort();
    const result = await runCli(['run', '--rm', '-c', 'print(1)', 'python'], {
      env: { ...KEYS, BACKEND_ENDPOINT: `http://127.0.0.1:${port}` },
    });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(lines(result.stderr)).to.deep.equal([
      `tessera: cannot reach the manager at http://127.0.0.1:${port} (connection refused)`,
    ]);
  });

  it('names the missing variables when none is set', async () => {
    const result = await runCli(['run', '-c', 'print(1)', 'python'], { env: {} });
    expect(result.code).to.equal(1);
    expect(lines(result.stderr)).to.have.length(1);
    expect(result.stderr).to.match(
      /^tessera: BACKEND_ENDPOINT, BACKEND_ACCESS_KEY and BACKEND_SECRET_KEY are not set/,
    );

    const noSecret = await runCli(['rm', 'x'], {
      env: { BACKEND_ENDPOINT: 'http://127.0.0.1:8091', BACKEND_ACCESS_KEY: ACCESS_KEY },
    });
    expect(noSecret.code).to.equal(1);
    expect(lines(noSecret.stderr)).to.have.length(1);
    expect(noSecret.stderr).to.match(/^tessera: BACKEND_SECRET_KEY is not set/);
  });

  it('says authentication failed when the manager refuses the keys, without the secret', async () => {
    const manager = new ManagerStandIn(() => ({
      status: 401,
      contentType: 'application/problem+json',
      body: {
        type: 'https://api.backend.ai/probs/auth-failed',
        title: 'Authentication failed',
        detail: 'signature mismatch',
      },
    }));
    try {
      const result = await runCli(['run', '-c', 'print(1)', 'python'], {
        env: { ...KEYS, BACKEND_ENDPOINT: await manager.start() },
      });
      expect(result.code).to.equal(1);
      expect(lines(result.stderr)).to.deep.equal([
        'tessera: authentication failed: signature mismatch (check BACKEND_ACCESS_KEY and BACKEND_SECRET_KEY)',
      ]);
      expect(result.stderr + result.stdout).to.not.include(SECRET_KEY);
    } finally {
      await manager.stop();
    }
  });

  it('prints the stack trace only with --debug or TESSERA_DEBUG=1', async () => {
    const env = { ...KEYS, BACKEND_ENDPOINT: `http://127.0.0.1:${await closedPort()}` };
    const plain = await runCli(['run', '-c', 'x', 'python'], { env });
    expect(plain.stderr).to.not.match(/^\s+at /m);
    const flagged = await runCli(['--debug', 'run', '-c', 'x', 'python'], { env });
    const variable = await runCli(['run', '-c', 'x', 'python'], { env: { ...env, TESSERA_DEBUG: '1' } });
    for (const result of [flagged, variable]) {
      expect(result.code).to.equal(1);
      expect(lines(result.stderr)[0]).to.match(/^tessera: cannot reach the manager at /);
      expect(result.stderr).to.match(/^\s+at /m);
      expect(result.stderr).to.include('ECONNREFUSED');
    }
  });

  it('answers a command-line mistake with one line and exit code 2', async () => {
    const result = await runCli(['run', 'python'], { env: {} });
    expect(result.code).to.equal(2);
    expect(lines(result.stderr)).to.deep.equal([
      'tessera: nothing to run: pass -c CODE, or --exec CMD for batch mode (--enqueue-only only creates the session)',
    ]);
  });
});
