import { expect } from 'chai';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import {
  ALICE,
  BOB,
  bootRealProxyManager,
  CAROL,
  createFolder,
  DAVE,
  DOMAIN_ADMIN,
  PROJECT_ID,
  uniqueName,
  type RealProxyDeployment,
} from './support/vfolder-harness';

type Item = Record<string, unknown>;

describe('manager-vfolders: invitations and sharing between users', function () {
  this.timeout(60_000);
  let deployment: RealProxyDeployment;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    deployment = await bootRealProxyManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  const received = async (who: typeof BOB) =>
    (await deployment.call(who, 'GET', '/folders/invitations/list')).body['invitations'] as Item[];
  const sent = async (who: typeof ALICE) =>
    (await deployment.call(who, 'GET', '/folders/invitations/list-sent')).body['invitations'] as Item[];

  it('invites, lists, accepts: the invitee then uses the folder with the invited permission', async () => {
    const name = uniqueName('shared');
    const id = await createFolder(deployment, ALICE, { name });
    const invite = await deployment.call(ALICE, 'POST', `/folders/${name}/invite`, {
      perm: 'ro',
      emails: [BOB.email],
    });
    expect(invite.status, JSON.stringify(invite.body)).to.equal(201);
    expect(invite.body).to.deep.equal({ invited_ids: [BOB.email] });
    const again = await deployment.call(ALICE, 'POST', `/folders/${name}/invite`, {
      perm: 'rw',
      emails: [BOB.email],
    });
    expect(again.body).to.deep.equal({ invited_ids: [] });

    const [invitation] = (await received(BOB)).filter((item) => item['vfolder_id'] === id);
    expect(invitation).to.include({
      inviter: ALICE.email,
      invitee: BOB.email,
      perm: 'ro',
      state: 'pending',
      vfolder_name: name,
    });
    expect((await sent(ALICE)).map((item) => item['id'])).to.include(invitation!['id']);
    // Before accepting, Bob cannot see the folder.
    expect((await deployment.call(BOB, 'GET', `/folders/${id}`)).status).to.equal(404);
    // Nobody but the invitee accepts it.
    for (const who of [CAROL, ALICE]) {
      const refused = await deployment.call(who, 'POST', '/folders/invitations/accept', {
        inv_id: invitation!['id'],
      });
      expect(refused.status).to.equal(404);
    }
    expect(await deployment.db.vfolders.grants([id])).to.deep.equal([]);

    const accept = await deployment.call(BOB, 'POST', '/folders/invitations/accept', {
      inv_id: invitation!['id'],
    });
    expect(accept.status, JSON.stringify(accept.body)).to.equal(200);
    const info = await deployment.call(BOB, 'GET', `/folders/${name}`);
    expect(info.body).to.include({ is_owner: false, permission: 'ro' });
    expect((await deployment.call(BOB, 'POST', `/folders/${name}/mkdir`, { path: 'x' })).status).to.equal(
      404,
    );
    expect(await received(BOB)).to.deep.equal([]);
    const accepted = await deployment.call(BOB, 'POST', '/folders/invitations/accept', {
      inv_id: invitation!['id'],
    });
    expect(accepted.status).to.equal(404);
  });

  it('refuses invitations: by a non-owner (404), of a dot-folder (403), without invitees (400), to unknown users (404)', async () => {
    const name = uniqueName('inv');
    const id = await createFolder(deployment, ALICE, { name });
    await deployment.db.vfolders.grant(id, CAROL.userId, 'wd');
    const byGrantee = await deployment.call(CAROL, 'POST', `/folders/${id}/invite`, { emails: [DAVE.email] });
    expect(byGrantee.status).to.equal(404);
    await createFolder(deployment, ALICE, { name: '.config' });
    const dot = await deployment.call(ALICE, 'POST', '/folders/.config/invite', { emails: [BOB.email] });
    expect(dot.status).to.equal(403);
    const none = await deployment.call(ALICE, 'POST', `/folders/${name}/invite`, { emails: [] });
    expect(none.status).to.equal(400);
    const unknown = await deployment.call(ALICE, 'POST', `/folders/${name}/invite`, {
      emails: ['ghost@lablup.com'],
    });
    expect(unknown.status).to.equal(404);
    expect(await deployment.db.vfolders.invitations({ vfolderId: id })).to.deep.equal([]);
  });

  it('refuses an invitation to a user who already has a folder of that name (400)', async () => {
    const name = uniqueName('clash');
    await createFolder(deployment, ALICE, { name });
    await createFolder(deployment, DAVE, { name });
    const clash = await deployment.call(ALICE, 'POST', `/folders/${name}/invite`, { emails: [DAVE.email] });
    expect(clash.status).to.equal(400);
    expect(clash.body['type']).to.equal('https://api.backend.ai/probs/vfolder-already-exists');
  });

  it('rejects (invitee), cancels (inviter) and updates (inviter only) pending invitations', async () => {
    const name = uniqueName('rej');
    const id = await createFolder(deployment, ALICE, { name });
    await deployment.call(ALICE, 'POST', `/folders/${name}/invite`, {
      perm: 'ro',
      emails: [BOB.email, CAROL.email],
    });
    const [toBob, toCarol] = ['bob', 'carol'].map(
      (who) => async () =>
        (await deployment.db.vfolders.invitations({ vfolderId: id })).find((each) =>
          each.invitee.startsWith(who),
        )!,
    );
    const bobs = await toBob!();
    // Only the inviter updates.
    const byInvitee = await deployment.call(BOB, 'POST', `/folders/invitations/update/${bobs.id}`, {
      perm: 'rw',
    });
    expect(byInvitee.status).to.equal(404);
    const noPerm = await deployment.call(ALICE, 'POST', `/folders/invitations/update/${bobs.id}`, {});
    expect(noPerm.status).to.equal(400);
    const updated = await deployment.call(ALICE, 'POST', `/folders/invitations/update/${bobs.id}`, {
      perm: 'rw',
    });
    expect(updated.status).to.equal(200);
    expect((await toBob!()).permission).to.equal('rw');
    // A stranger neither rejects nor cancels.
    const stranger = await deployment.call(DAVE, 'DELETE', '/folders/invitations/delete', {
      inv_id: bobs.id,
    });
    expect(stranger.status).to.equal(404);
    expect((await toBob!()).state).to.equal('pending');
    const rejected = await deployment.call(BOB, 'DELETE', '/folders/invitations/delete', { inv_id: bobs.id });
    expect(rejected.status).to.equal(200);
    expect((await toBob!()).state).to.equal('rejected');
    const carols = await toCarol!();
    const canceled = await deployment.call(ALICE, 'DELETE', '/folders/invitations/delete', {
      inv_id: carols.id,
    });
    expect(canceled.status).to.equal(200);
    expect((await toCarol!()).state).to.equal('canceled');
    expect(await sent(ALICE)).to.satisfy((items: Item[]) => items.every((item) => item['vfolder_id'] !== id));
  });

  it("lists and updates the owner's shares, and lets a grantee leave; others are refused", async () => {
    const name = uniqueName('share');
    const id = await createFolder(deployment, ALICE, { name });
    await deployment.db.vfolders.grant(id, BOB.userId, 'ro');
    const list = await deployment.call(ALICE, 'GET', `/folders/_/shared?vfolder_id=${id}`);
    expect(list.status).to.equal(200);
    expect(list.body['shared']).to.deep.equal([
      {
        vfolder_id: id.replace(/-/g, ''),
        vfolder_name: name,
        status: 'ready',
        owner: ALICE.userId,
        type: 'user',
        shared_to: { uuid: BOB.userId, email: BOB.email },
        perm: 'ro',
      },
    ]);
    expect((await deployment.call(BOB, 'GET', `/folders/_/shared?vfolder_id=${id}`)).status).to.equal(404);
    const byGrantee = await deployment.call(BOB, 'POST', '/folders/_/shared', {
      vfolder: id,
      user: BOB.userId,
      perm: 'wd',
    });
    expect(byGrantee.status).to.equal(404);
    const update = await deployment.call(ALICE, 'POST', '/folders/_/shared', {
      vfolder: id,
      user: BOB.userId,
      perm: 'rw',
    });
    expect(update.status).to.equal(200);
    expect((await deployment.db.vfolders.grants([id]))[0]!.permission).to.equal('rw');
    expect((await deployment.call(ALICE, 'POST', `/folders/${name}/leave`)).status).to.equal(400);
    expect((await deployment.call(DAVE, 'POST', `/folders/${id}/leave`)).status).to.equal(404);
    const leave = await deployment.call(BOB, 'POST', `/folders/${name}/leave`);
    expect(leave.status).to.equal(200);
    expect(await deployment.db.vfolders.grants([id])).to.deep.equal([]);
    expect((await deployment.call(BOB, 'GET', `/folders/${id}`)).status).to.equal(404);
  });

  it('shares and unshares project folders with members only; never user folders', async () => {
    const name = uniqueName('proj');
    const id = await createFolder(deployment, DOMAIN_ADMIN, { name, group: PROJECT_ID, permission: 'ro' });
    const share = await deployment.call(DOMAIN_ADMIN, 'POST', `/folders/${name}/share`, {
      permission: 'rw',
      emails: [BOB.email],
    });
    expect(share.status, JSON.stringify(share.body)).to.equal(201);
    expect(share.body).to.deep.equal({ shared_emails: [BOB.email] });
    expect((await deployment.call(BOB, 'GET', `/folders/${id}`)).body).to.include({ permission: 'rw' });
    const outsider = await deployment.call(DOMAIN_ADMIN, 'POST', `/folders/${name}/share`, {
      emails: [DAVE.email],
    });
    expect(outsider.status).to.equal(404);
    const noEmails = await deployment.call(DOMAIN_ADMIN, 'POST', `/folders/${name}/share`, {
      permission: 'rw',
    });
    expect(noEmails.status).to.equal(400);
    const byMember = await deployment.call(ALICE, 'POST', `/folders/${id}/share`, { emails: [ALICE.email] });
    expect(byMember.status).to.equal(404);
    const userFolder = uniqueName('mine');
    await createFolder(deployment, ALICE, { name: userFolder });
    const notProject = await deployment.call(ALICE, 'POST', `/folders/${userFolder}/share`, {
      emails: [BOB.email],
    });
    expect(notProject.status).to.equal(404);
    const unshare = await deployment.call(DOMAIN_ADMIN, 'DELETE', `/folders/${name}/unshare`, {
      emails: [BOB.email],
    });
    expect(unshare.status).to.equal(200);
    expect(unshare.body).to.deep.equal({ unshared_emails: [BOB.email] });
    expect((await deployment.call(BOB, 'GET', `/folders/${id}`)).body).to.include({ permission: 'ro' });
    expect((await deployment.call(BOB, 'POST', `/folders/${id}/leave`)).status).to.equal(400);
  });
});
