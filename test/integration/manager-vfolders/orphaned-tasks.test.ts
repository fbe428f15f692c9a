import { expect } from 'chai';
import type { LockService } from '@tessera/core';
import { leaseFolderTask, OrphanedFolderTasks } from '@tessera/manager-vfolders';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import { RecordingLogger } from '../../support/recording-logger';
import {
  ALICE,
  bootRealProxyManager,
  createFolder,
  uniqueName,
  type RealProxyDeployment,
} from './support/vfolder-harness';

/**
 * A manager killed during a clone or a delete-forever leaves its folder `cloning` or
 * `delete-ongoing`, with nobody holding the task's lease: the leader's sweeper fails such a
 * folder as the task would have (`error`, `delete-error`) once it has found it unheld twice,
 * and leaves alone the folders whose task still holds its lease.
 */
describe('manager-vfolders: folder tasks orphaned by a stopped manager', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;
  let locks: LockService;
  let sweeper: OrphanedFolderTasks;
  const signal = new AbortController().signal;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
    locks = deployment.test.kernel.resolve<LockService>('lock');
    sweeper = new OrphanedFolderTasks(deployment.db, locks, new RecordingLogger());
  });
  after(async () => {
    await deployment?.stop();
  });

  const statusOf = async (id: string) => (await deployment.db.vfolders.get(id))!.status;

  it('fails a clone and a deletion nobody works on any more, on the second sweep', async () => {
    const cloning = await createFolder(deployment, ALICE, { name: uniqueName('orphan-clone') });
    const deleting = await createFolder(deployment, ALICE, { name: uniqueName('orphan-delete') });
    // What a manager killed with -9 mid-task leaves: the status, and no lease.
    await deployment.db.vfolders.modify(cloning, { status: 'cloning' });
    await deployment.db.vfolders.modify(deleting, { status: 'delete-ongoing' });

    await sweeper.run(signal);
    expect(await statusOf(cloning), 'a first sighting may be a task about to take its lease').to.equal(
      'cloning',
    );
    await sweeper.run(signal);
    expect(await statusOf(cloning)).to.equal('error');
    expect(await statusOf(deleting)).to.equal('delete-error');
  });

  it('leaves a folder whose task holds its lease, however often it sweeps', async () => {
    const id = await createFolder(deployment, ALICE, { name: uniqueName('live-clone') });
    await deployment.db.vfolders.modify(id, { status: 'cloning' });
    const lease = await leaseFolderTask(locks, id);
    expect(lease).to.not.equal(null);
    try {
      for (let sweep = 0; sweep < 3; sweep++) await sweeper.run(signal);
      expect(await statusOf(id)).to.equal('cloning');
    } finally {
      await lease!.release();
    }
  });
});
