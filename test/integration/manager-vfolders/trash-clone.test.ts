import { expect } from 'chai';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import {
  ALICE,
  BOB,
  bootVfolderManager,
  createFolder,
  DAVE,
  DOMAIN_ADMIN,
  eventually,
  HOST_2,
  LAB_ADMIN,
  signedPost,
  SseClient,
  uniqueName,
  type VfolderDeployment,
} from './support/vfolder-harness';

describe('manager-vfolders: the trash, delete forever, purge, and clones as background tasks', function () {
  this.timeout(60_000);
  let deployment: VfolderDeployment;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootVfolderManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  const dirOf = async (id: string) => {
    const folder = (await deployment.db.vfolders.get(id))!;
    return deployment.proxy.folderPath(folder.host.split(':')[1]!, folder.quotaScopeId!, id);
  };
  const statusOf = async (id: string) => (await deployment.db.vfolders.get(id))?.status;

  it('moves a folder to the trash and restores it; the trash hides it from file calls', async () => {
    const name = uniqueName('trash');
    const id = await createFolder(deployment, ALICE, { name });
    await deployment.db.vfolders.grant(id, BOB.userId, 'rw');
    expect((await deployment.call(ALICE, 'DELETE', `/folders/${name}`)).status).to.equal(204);
    expect(await statusOf(id)).to.equal('delete-pending');
    expect(await deployment.db.vfolders.grants([id])).to.deep.equal([]);
    const listed = (await deployment.call(ALICE, 'GET', '/folders')).body as unknown as Array<
      Record<string, unknown>
    >;
    expect(listed.find((item) => item['name'] === name)).to.include({ status: 'delete-pending' });
    expect((await deployment.call(ALICE, 'POST', `/folders/${name}/mkdir`, { path: 'x' })).status).to.equal(
      404,
    );
    expect((await deployment.call(ALICE, 'DELETE', `/folders/${name}`)).status).to.equal(404);
    // Only the owner restores.
    for (const who of [BOB, DAVE]) {
      const refused = await deployment.call(who, 'POST', '/folders/restore-from-trash-bin', {
        vfolder_id: id,
      });
      expect(refused.status).to.equal(404);
    }
    expect(await statusOf(id)).to.equal('delete-pending');
    const restored = await deployment.call(ALICE, 'POST', '/folders/restore-from-trash-bin', {
      vfolder_id: id,
    });
    expect(restored.status).to.equal(204);
    expect(await statusOf(id)).to.equal('ready');
    const notTrashed = await deployment.call(ALICE, 'POST', '/folders/restore-from-trash-bin', {
      vfolder_id: id,
    });
    expect(notTrashed.status).to.equal(404);
  });

  it('deletes a trashed folder on the proxy with progress, then an admin of its domain purges the row', async () => {
    const name = uniqueName('forever');
    const id = await createFolder(deployment, ALICE, { name });
    const dir = await dirOf(id);
    await writeFile(join(dir, 'one'), '1');
    await writeFile(join(dir, 'two'), '22');
    const early = await deployment.call(ALICE, 'POST', '/folders/delete-from-trash-bin', { vfolder_id: id });
    expect(early.status).to.equal(404);
    expect(await readdir(dir)).to.have.lengthOf(2);
    await deployment.call(ALICE, 'DELETE', `/folders/${id}`);
    const byStranger = await deployment.call(DAVE, 'POST', '/folders/delete-from-trash-bin', {
      vfolder_id: id,
    });
    expect(byStranger.status).to.equal(404);
    const release = deployment.proxy.holdClones();
    const answer = await signedPost(deployment.endpoint, ALICE, '/folders/delete-from-trash-bin', {
      vfolder_id: id,
    });
    expect(answer.status).to.equal(204);
    const taskId = answer.headers.get('x-backendai-bgtask-id');
    expect(taskId).to.match(/^[0-9a-f-]{36}$/);
    expect(await statusOf(id)).to.equal('delete-ongoing');
    const stream = await SseClient.open(
      deployment.endpoint,
      ALICE,
      `/events/background-task?task_id=${taskId}`,
    );
    release();
    await stream.end(30_000);
    const events = stream.events.filter((event) => event.event.startsWith('bgtask_'));
    expect(events.at(-1)!.event).to.equal('bgtask_done');
    expect(events.some((event) => /2 files, 3 bytes deleted/.test(String(event.json['message'])))).to.equal(
      true,
    );
    await eventually(async () => (await statusOf(id)) === 'delete-complete', 'the deletion to complete');
    expect(await stat(dir).catch(() => null)).to.equal(null);
    const deleteCall = deployment.proxy.calls.find(
      (call) => call.path === '/folder/delete' && call.body['vfid'] === id,
    );
    expect(deleteCall?.body).to.include({ volume: 'volume1', quota_scope_id: `user:${ALICE.userId}` });
    expect((await deployment.call(ALICE, 'GET', '/folders')).body).to.satisfy(
      (items: Array<Record<string, unknown>>) => items.every((item) => item['name'] !== name),
    );

    for (const [who, status] of [
      [ALICE, 403],
      [LAB_ADMIN, 404],
    ] as const) {
      const refused = await deployment.call(who, 'POST', '/folders/purge', { vfolder_id: id });
      expect(refused.status, JSON.stringify(refused.body)).to.equal(status);
      expect(await statusOf(id)).to.equal('delete-complete');
    }
    const purged = await deployment.call(DOMAIN_ADMIN, 'POST', '/folders/purge', { vfolder_id: id });
    expect(purged.status).to.equal(204);
    expect(await deployment.db.vfolders.get(id)).to.equal(null);
  });

  it('refuses to purge a folder that was not deleted forever', async () => {
    const id = await createFolder(deployment, ALICE, { name: uniqueName() });
    const refused = await deployment.call(DOMAIN_ADMIN, 'POST', '/folders/purge', { vfolder_id: id });
    expect(refused.status).to.equal(400);
    expect(refused.body['type']).to.equal('https://api.backend.ai/probs/vfolder-filter-status-failed');
    expect(await statusOf(id)).to.equal('ready');
  });

  it('clones as a background task: the copy is cloning until the progress stream ends, then ready', async () => {
    const source = uniqueName('src');
    const sourceId = await createFolder(deployment, ALICE, { name: source, cloneable: true });
    const sourceDir = await dirOf(sourceId);
    for (const file of ['a', 'b', 'c']) await writeFile(join(sourceDir, file), file.repeat(10));
    const release = deployment.proxy.holdClones();
    const target = uniqueName('copy');
    const answer = await deployment.call(BOB, 'POST', `/folders/${sourceId}/clone`, { target_name: target });
    expect(answer.status).to.equal(404);
    await deployment.db.vfolders.grant(sourceId, BOB.userId, 'ro');
    const clone = await deployment.call(BOB, 'POST', `/folders/${sourceId}/clone`, {
      target_name: target,
      usage_mode: 'data',
      permission: 'ro',
    });
    expect(clone.status, JSON.stringify(clone.body)).to.equal(201);
    expect(clone.body).to.include({ name: target, user: BOB.userId, usage_mode: 'data', status: 'cloning' });
    const taskId = clone.body['bgtask_id'] as string;
    const [copy] = await deployment.db.vfolders.list({ userIds: [BOB.userId], name: target });
    expect(copy!.status).to.equal('cloning');
    const stream = await SseClient.open(
      deployment.endpoint,
      BOB,
      `/events/background-task?task_id=${taskId}`,
    );
    release();
    await stream.end(30_000);
    const names = stream.events.map((event) => event.event).filter((name) => name.startsWith('bgtask_'));
    expect(names.at(-1)).to.equal('bgtask_done');
    const updates = stream.events.filter((event) => event.event === 'bgtask_updated');
    expect(updates.map((event) => event.json['current_progress'])).to.include(3);
    expect(updates.some((event) => /3 files, 30 bytes copied/.test(String(event.json['message'])))).to.equal(
      true,
    );
    expect(await statusOf(copy!.id)).to.equal('ready');
    const copyDir = await dirOf(copy!.id);
    expect((await readdir(copyDir)).sort()).to.deep.equal(['a', 'b', 'c']);
    expect(await readFile(join(copyDir, 'b'), 'utf8')).to.equal('b'.repeat(10));
  });

  it('refuses clones of folders that are not cloneable (403), onto another volume or a taken name (400)', async () => {
    const plain = uniqueName('plain');
    await createFolder(deployment, ALICE, { name: plain });
    const notCloneable = await deployment.call(ALICE, 'POST', `/folders/${plain}/clone`, {
      target_name: uniqueName(),
    });
    expect(notCloneable.status).to.equal(403);
    const source = uniqueName('src');
    await createFolder(deployment, ALICE, { name: source, cloneable: true });
    const otherHost = await deployment.call(ALICE, 'POST', `/folders/${source}/clone`, {
      target_name: uniqueName(),
      target_host: HOST_2,
    });
    expect(otherHost.status).to.equal(400);
    const taken = await deployment.call(ALICE, 'POST', `/folders/${source}/clone`, { target_name: plain });
    expect(taken.status).to.equal(400);
    const noName = await deployment.call(ALICE, 'POST', `/folders/${source}/clone`, {});
    expect(noName.status).to.equal(400);
    expect(String(noName.body['title'])).to.match(/target_name/);
  });
});
