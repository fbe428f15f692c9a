import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readdirSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../support/eventually';
import { IMAGES_BUILD_TIMEOUT_MS, PYTHON_IMAGE } from '../../support/kernel-images';
import { runCommand } from '../../support/run-command';
import { runCli } from '../../unit/cli/support/run-built-cli';
import { ALICE, SUPERADMIN, signedCall } from '../manager/graphql-harness';
import {
  bootRealCluster,
  dockerBackend,
  processBackend,
  removeScopeContainers,
  requireDockerKernels,
  runningSession,
  type RealCluster,
} from './support/real-cluster';

/** The first bytes of a file. */
function head(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The member names of a gzipped tar archive (`tar -tzf`). */
async function tarMembers(path: string): Promise<string[]> {
  return (await runCommand('tar', ['-tzf', path], { timeoutMs: 120_000 })).stdout.split('\n').filter(Boolean);
}

/**
 * Session commit end to end (upstream's commit_session / get_commit_status): the manager, agent
 * RPC over http:// and a real agent on the docker backend, which commits the main kernel's
 * container and saves it as a gzipped `docker save` archive under its commit directory.
 */
describe('session commit through a real agent (docker backend)', function () {
  this.timeout(240_000);
  const scope = `tessera-commit-test-${randomBytes(4).toString('hex')}`;
  let scratchRoot: string;
  let commitDir: string;
  let cluster: RealCluster;
  let sessionId: string;
  let kernelId: string;
  let email: string;

  before(async function () {
    this.timeout(IMAGES_BUILD_TIMEOUT_MS);
    await requireDockerKernels();
    scratchRoot = mkdtempSync(join(tmpdir(), 'tessera-commit-scratch-'));
    commitDir = mkdtempSync(join(tmpdir(), 'tessera-commit-'));
    cluster = await bootRealCluster({
      backend: dockerBackend(scope, scratchRoot, [31900, 31949]),
      http: true,
      agentConfig: { commitDir },
    });
    sessionId = await runningSession(cluster, 'committed', PYTHON_IMAGE);
    kernelId = (await cluster.db.sessions.get(sessionId))!.kernels[0]!.id;
    email = (await cluster.db.keypairs.findByAccessKey(SUPERADMIN.accessKey))!.userEmail;
  });
  after(async () => {
    await cluster?.stop();
    await removeScopeContainers(scope);
    const images = (await runCommand('docker', ['images', '-q', `tessera-commit/${kernelId}`])).stdout.trim();
    if (images) await runCommand('docker', ['rmi', '-f', ...images.split('\n')]);
    for (const folder of [scratchRoot, commitDir])
      if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const status = async (caller = SUPERADMIN, session = 'committed') => {
    const answer = await signedCall(cluster.endpoint, caller, 'GET', `/session/${session}/commit`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body as { status: string; kernel: string };
  };

  it('is ready before any commit, under /session and the older /kernel prefix', async () => {
    expect(await status()).to.deep.equal({ status: 'ready', kernel: kernelId });
    const older = await signedCall(cluster.endpoint, SUPERADMIN, 'GET', '/kernel/committed/commit');
    expect(older.body).to.deep.equal({ status: 'ready', kernel: kernelId });
  });

  it('answers 201 with where the archive goes, is ongoing, refuses a second commit, then writes a gzipped image archive', async () => {
    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'POST', '/session/committed/commit', {
      filename: 'ignored-as-upstream.tar.gz',
    });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    const started = answer.body as { kernel: string; path: string; location: string; agent: string };
    expect(started.kernel).to.equal(kernelId);
    expect(started.path).to.match(
      new RegExp(
        `^${email.replace(/[.]/g, '\\.')}/\\d{4}-\\d\\d-\\d\\dT\\d\\dH\\d\\dM\\d\\dS_committed_python-3\\.11-debian12\\.tar\\.gz$`,
      ),
    );
    expect(started.location).to.equal(join(commitDir, started.path));
    expect(started.agent).to.be.a('string');

    // The agent counts the commit as ongoing before it answers; saving a 370 MB image takes seconds.
    expect(await status()).to.deep.equal({ status: 'ongoing', kernel: kernelId });
    const second = await signedCall(cluster.endpoint, SUPERADMIN, 'POST', '/session/committed/commit');
    expect(second.status, JSON.stringify(second.body)).to.equal(409);
    expect(String(second.body['title'])).to.match(/already being committed/);

    await eventually(async () => (await status()).status === 'ready', 'the commit to finish', {
      timeoutMs: 200_000,
      intervalMs: 500,
    });
    expect(existsSync(started.location), 'the archive under its own name').to.equal(true);
    expect(readdirSync(join(commitDir, email)), 'no partial file left').to.deep.equal([
      started.path.split('/')[1],
    ]);
    expect([...head(started.location, 2)], 'gzip magic').to.deep.equal([0x1f, 0x8b]);
    const members = await tarMembers(started.location);
    expect(members).to.include('manifest.json');
    const images = (await runCommand('docker', ['images', '-q', `tessera-commit/${kernelId}`])).stdout.trim();
    expect(images, 'the intermediate image is removed').to.equal('');
  });

  it("refuses another user's session (404), for the commit and its status", async () => {
    for (const method of ['POST', 'GET']) {
      const answer = await signedCall(cluster.endpoint, ALICE, method, `/session/${sessionId}/commit`);
      expect(answer.status, `${method} ${JSON.stringify(answer.body)}`).to.equal(404);
      expect(answer.body['type']).to.equal('https://api.backend.ai/probs/session-not-found');
    }
  });

  it('commits from the CLI, waiting for the archive with --wait --json', async () => {
    const result = await runCli(['session', 'commit', 'committed', '--wait', '--json', '--interval', '0.5'], {
      env: {
        BACKEND_ENDPOINT: cluster.endpoint,
        BACKEND_ACCESS_KEY: SUPERADMIN.accessKey,
        BACKEND_SECRET_KEY: SUPERADMIN.secretKey,
      },
    });
    expect(result.code, result.stderr).to.equal(0);
    const printed = JSON.parse(result.stdout) as { kernel: string; location: string; status: string };
    expect(printed.kernel).to.equal(kernelId);
    expect(printed.status).to.equal('ready');
    expect([...head(printed.location, 2)]).to.deep.equal([0x1f, 0x8b]);
    expect(await status()).to.deep.equal({ status: 'ready', kernel: kernelId });
  });

  it("answers '' for a session that is not running, and refuses to commit it naming its status", async () => {
    const ended = await signedCall(cluster.endpoint, SUPERADMIN, 'DELETE', '/session/committed');
    expect(ended.status, JSON.stringify(ended.body)).to.equal(204);
    await eventually(
      async () => (await cluster.db.sessions.get(sessionId))?.status === 'TERMINATED',
      'the session to end',
    );
    expect(await status(SUPERADMIN, sessionId)).to.deep.equal({ status: '', kernel: kernelId });
    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'POST', `/session/${sessionId}/commit`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(400);
    expect(answer.body['type']).to.equal('https://api.backend.ai/probs/invalid-api-params');
    expect(String(answer.body['title'])).to.match(
      /is TERMINATED, and only a RUNNING session can be committed/,
    );
  });
});

describe('session commit on the process backend', function () {
  this.timeout(60_000);
  let cluster: RealCluster;

  before(async () => {
    cluster = await bootRealCluster({
      backend: processBackend(),
    });
    await runningSession(cluster, 'hosted', 'python:3');
  });
  after(async () => {
    await cluster?.stop();
  });

  it('is refused with a clear error (400), and the status stays ready', async () => {
    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'POST', '/session/hosted/commit');
    expect(answer.status, JSON.stringify(answer.body)).to.equal(400);
    expect(answer.body['title']).to.equal(
      'the process backend cannot commit a kernel: only container backends can',
    );
    const status = await signedCall(cluster.endpoint, SUPERADMIN, 'GET', '/session/hosted/commit');
    expect(status.body['status']).to.equal('ready');
  });
});
