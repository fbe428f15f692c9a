import { expect } from 'chai';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import {
  ALICE,
  BOB,
  HOST,
  LIMITED,
  PROJECT_ID,
  SUPERADMIN,
  bootRealProxyManager,
  createFolder,
  uniqueName,
  type RealProxyDeployment,
} from './support/vfolder-harness';

/**
 * The folder routes beside the spec's core set, as upstream serves them: every host
 * (`_/all-hosts`), the enabled ownership types (`_/allowed-types`, from the config store),
 * `update-options` and the folder quota (`_/quota`), through the real storage proxy.
 */
describe('manager-vfolders: hosts, types, options and quotas (real proxy, PostgreSQL)', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  it('lists every host to a superadmin only, under both spellings', async () => {
    for (const path of ['/folders/_/all-hosts', '/folders/_/all_hosts']) {
      const all = await deployment.call(SUPERADMIN, 'GET', path);
      expect(all.body).to.deep.equal({
        default: HOST,
        allowed: ['local:volume1', 'local:volume2', 'local:volume3'],
      });
    }
    const refused = await deployment.call(ALICE, 'GET', '/folders/_/all-hosts');
    expect(refused.status).to.equal(403);
    expect(refused.body).to.not.have.property('allowed');
  });

  it('answers the enabled types from volumes/_types/ and refuses a type that is not enabled', async () => {
    expect((await deployment.call(ALICE, 'GET', '/folders/_/allowed-types')).body).to.deep.equal([
      'user',
      'group',
    ]);
    await deployment.store.put('volumes/_types/user', '');
    try {
      expect((await deployment.call(ALICE, 'GET', '/folders/_/allowed_types')).body).to.deep.equal(['user']);
      const name = uniqueName('group-off');
      const refused = await deployment.call(SUPERADMIN, 'POST', '/folders', { name, group: PROJECT_ID });
      expect(refused.status).to.equal(400);
      expect(JSON.stringify(refused.body)).to.contain('group vfolders are not enabled');
      expect((await deployment.db.vfolders.list()).some((folder) => folder.name === name)).to.equal(false);
    } finally {
      await deployment.store.delete('volumes/_types/user');
    }
  });

  it("changes a folder's permission and cloneable flag for its owner; anyone else gets 404 and changes nothing", async () => {
    const name = uniqueName('options');
    const id = await createFolder(deployment, ALICE, { name });
    const refused = await deployment.call(BOB, 'POST', `/folders/${id}/update-options`, { cloneable: true });
    expect(refused.status).to.equal(404);
    expect((await deployment.db.vfolders.get(id))!.cloneable).to.equal(false);

    const bad = await deployment.call(ALICE, 'POST', `/folders/${name}/update-options`, {
      permission: 'all',
    });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('permission');

    const done = await deployment.call(ALICE, 'POST', `/folders/${name}/update-options`, {
      permission: 'ro',
      cloneable: true,
    });
    expect(done.status).to.equal(201);
    expect(await deployment.db.vfolders.get(id)).to.include({ permission: 'ro', cloneable: true });
  });

  it('sets and reads a folder quota on the proxy, clamped to the resource policy; a stranger is refused', async () => {
    const name = uniqueName('quota');
    const id = await createFolder(deployment, ALICE, { name });
    const set = await deployment.call(ALICE, 'POST', '/folders/_/quota', {
      folder_host: HOST,
      id,
      input: { size_bytes: '64m' },
    });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body).to.deep.equal({ size_bytes: 64 * 2 ** 20 });
    const read = await deployment.call(ALICE, 'GET', `/folders/_/quota?folder_host=${HOST}&id=${id}`);
    expect(read.body).to.equal(64 * 2 ** 20);
    expect((await deployment.db.vfolders.get(id))!.maxSize).to.equal(64 * 2 ** 20);

    const stranger = await deployment.call(BOB, 'POST', '/folders/_/quota', {
      folder_host: HOST,
      id,
      input: { size_bytes: 1 },
    });
    expect(stranger.status).to.equal(404);
    expect((await deployment.db.vfolders.get(id))!.maxSize).to.equal(64 * 2 ** 20);

    // The `limited` policy allows 1 MiB per folder: a larger quota is clamped to it.
    const small = await createFolder(deployment, LIMITED, {
      name: uniqueName('limited'),
      host: 'local:volume2',
    });
    const clamped = await deployment.call(LIMITED, 'POST', '/folders/_/quota', {
      folder_host: 'local:volume2',
      id: small,
      input: { size_bytes: 10 * 2 ** 20 },
    });
    expect(clamped.body).to.deep.equal({ size_bytes: 2 ** 20 });
  });
});
