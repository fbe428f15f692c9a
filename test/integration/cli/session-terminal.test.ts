import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGES_BUILD_TIMEOUT_MS, PYTHON_IMAGE } from '../../support/kernel-images';
import {
  bootRealCluster,
  dockerBackend,
  removeScopeContainers,
  requireDockerKernels,
  runningSession,
  type RealCluster,
} from '../agent/support/real-cluster';
import { ALICE, SUPERADMIN, type Caller } from '../manager/graphql-harness';
import { runCli } from '../../unit/cli/support/run-built-cli';

/**
 * `tessera session terminal` (the built CLI, a child process) against a manager with a real agent
 * on the docker backend: a shell on a pty in the session's kernel, fed from a pipe with --no-tty.
 */
describe('tessera session terminal against a real agent (docker backend)', function () {
  this.timeout(120_000);
  const scope = `tessera-cli-pty-${randomBytes(4).toString('hex')}`;
  let scratchRoot: string;
  let cluster: RealCluster;
  const cli = (args: string[], stdin: string, caller: Caller = SUPERADMIN) =>
    runCli(args, {
      stdin,
      env: {
        BACKEND_ENDPOINT: cluster.endpoint,
        BACKEND_ACCESS_KEY: caller.accessKey,
        BACKEND_SECRET_KEY: caller.secretKey,
      },
    });

  before(async function () {
    this.timeout(IMAGES_BUILD_TIMEOUT_MS);
    await requireDockerKernels();
    scratchRoot = mkdtempSync(join(tmpdir(), 'tessera-cli-pty-'));
    cluster = await bootRealCluster({
      backend: dockerBackend(scope, scratchRoot, [31800, 31899]),
    });
    await runningSession(cluster, 'cli-shell', PYTHON_IMAGE);
  });
  after(async () => {
    await cluster?.stop();
    await removeScopeContainers(scope);
    if (scratchRoot) rmSync(scratchRoot, { recursive: true, force: true });
  });

  it('with --no-tty passes piped stdin to the shell, prints its output and exits 0 when the shell exits', async () => {
    const result = await cli(['session', 'terminal', 'cli-shell', '--no-tty'], 'echo hi\nexit\n');
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/[\r\n]hi\r?\n/);
    expect(result.stderr).to.equal('');
  });

  it('ends the shell at the end of piped input (sent as Ctrl-D) when the input does not say exit', async function () {
    this.timeout(20_000);
    const result = await cli(['session', 'terminal', 'cli-shell', '--no-tty'], 'echo "sum=$((2+3))"\n');
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/[\r\n]sum=5\r?\n/);
  });

  it('refuses piped stdin without --no-tty, before connecting', async () => {
    const result = await cli(['session', 'terminal', 'cli-shell'], 'echo hi\n');
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'tessera: stdin is not a terminal; run this from a terminal, or pass --no-tty to send piped input as it is\n',
    );
  });

  it("does not open a terminal on another user's session", async () => {
    const result = await cli(['session', 'terminal', 'cli-shell', '--no-tty'], 'echo hi\n', ALICE);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'tessera: session "cli-shell" not found: no session visible to this keypair has that name or id (tessera ps -a lists them)\n',
    );
  });
});
