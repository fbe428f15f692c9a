import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiConfig, Client } from '@tessera/client';
import { Kernel, type Database, type SessionRecord } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { eventually } from './support/embedded-scheduling';

/**
 * Batch sessions on the real agent with the process backend (all-in-one manifest): the agent
 * runs the startup command as a batch execution in the main kernel, reports its exit code when
 * it ends, and the session terminates by itself with result SUCCESS or FAILURE.
 */
describe('scheduling: batch sessions run their startup command on the process agent', function () {
  this.timeout(60_000);
  let kernel: Kernel;
  let dataDir: string;
  let client: Client;
  let db: Database;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-batch-'));
    kernel = await Kernel.fromManifest(join(REPO_ROOT, 'manifests', 'all-in-one.yaml'), {
      env: { TESSERA_DATA_DIR: dataDir, TESSERA_MANAGER_PORT: '0', TESSERA_LOG_LEVEL: 'silent' },
      cwd: REPO_ROOT,
    });
    await kernel.start();
    db = kernel.resolve<Database>('database');
    client = new Client(
      new ApiConfig({
        endpoints: [kernel.endpoints()['manager.api']!],
        accessKey: 'AKIAIOSFODNN7EXAMPLE',
        secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      }),
    );
    await eventually(
      async () => (await db.images.list()).length > 0,
      'the agent to report its images',
      20_000,
    );
  });

  after(async () => {
    await kernel?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const runBatch = async (name: string, command: string): Promise<SessionRecord> => {
    const image = (await db.images.list())[0]!.name;
    const created = await client.createSession({
      image,
      name,
      type: 'batch',
      startupCommand: command,
      enqueueOnly: true,
    });
    let session: SessionRecord | null = null;
    await eventually(
      async () => {
        session = await db.sessions.get(created.sessionId as string);
        return session?.status === 'TERMINATED' || session?.status === 'ERROR';
      },
      `${name} to finish`,
      30_000,
    );
    return session!;
  };

  it('ends with result SUCCESS and task-finished when the command exits 0', async () => {
    const session = await runBatch('batch-ok', 'echo working && exit 0');
    expect(session).to.deep.include({ status: 'TERMINATED', result: 'SUCCESS', statusInfo: 'task-finished' });
    expect(session.statusData).to.deep.include({ kernel: { exit_code: 0 } });
    expect(Object.keys(session.statusHistory)).to.include.members(['SCHEDULED', 'RUNNING', 'TERMINATED']);
  });

  it('ends with result FAILURE and the exit code when the command fails', async () => {
    const session = await runBatch('batch-bad', 'exit 3');
    expect(session).to.deep.include({ status: 'TERMINATED', result: 'FAILURE', statusInfo: 'task-failed' });
    expect(session.statusData).to.deep.include({ kernel: { exit_code: 3 } });
  });
});
