import { expect } from 'chai';
import { ApiConfig, BackendAPIError, BackendClientError, Client, type VfolderApi } from '@tessera/client';
import { ManagerStandIn, type RecordedRequest, type StandInAnswer } from '../client/support/manager-stand-in';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const FOLDER_ID = '6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** Every call of `client.vfolders` and what goes on the wire: method, path with query, JSON body. */
const CALLS: Array<[string, (api: VfolderApi) => Promise<unknown>, string, string, unknown]> = [
  ['list', (api) => api.list({ groupId: 'g1' }), 'GET', '/folders?group_id=g1', undefined],
  ['hosts', (api) => api.hosts(), 'GET', '/folders/_/hosts', undefined],
  [
    'create',
    (api) =>
      api.create('my data', {
        host: 'p:v',
        usageMode: 'model',
        permission: 'ro',
        quota: 1024,
        cloneable: true,
      }),
    'POST',
    '/folders',
    { name: 'my data', host: 'p:v', usage_mode: 'model', permission: 'ro', quota: 1024, cloneable: true },
  ],
  ['info', (api) => api.info('my data'), 'GET', '/folders/my%20data', undefined],
  ['delete', (api) => api.delete('d'), 'DELETE', '/folders/d', undefined],
  [
    'restore',
    (api) => api.restore(FOLDER_ID),
    'POST',
    '/folders/restore-from-trash-bin',
    { vfolder_id: FOLDER_ID },
  ],
  [
    'deleteForever',
    (api) => api.deleteForever(FOLDER_ID),
    'POST',
    '/folders/delete-from-trash-bin',
    { vfolder_id: FOLDER_ID },
  ],
  ['purge', (api) => api.purge(FOLDER_ID), 'POST', '/folders/purge', { vfolder_id: FOLDER_ID }],
  ['rename', (api) => api.rename('d', 'e'), 'POST', '/folders/d/rename', { new_name: 'e' }],
  ['files', (api) => api.files('d', 'sub/dir'), 'GET', '/folders/d/files?path=sub%2Fdir', undefined],
  [
    'mkdir',
    (api) => api.mkdir('d', 'a/b', { parents: true }),
    'POST',
    '/folders/d/mkdir',
    { path: 'a/b', parents: true, exist_ok: false },
  ],
  [
    'deleteFiles',
    (api) => api.deleteFiles('d', ['x', 'y'], { recursive: true }),
    'DELETE',
    '/folders/d/delete-files',
    { files: ['x', 'y'], recursive: true },
  ],
  [
    'renameFile',
    (api) => api.renameFile('d', 'a/x', 'z'),
    'POST',
    '/folders/d/rename-file',
    { target_path: 'a/x', new_name: 'z', is_dir: false },
  ],
  ['move', (api) => api.move('d', 'a', 'b/a'), 'POST', '/folders/d/move-file', { src: 'a', dst: 'b/a' }],
  [
    'invite',
    (api) => api.invite('d', ['u@x'], 'ro'),
    'POST',
    '/folders/d/invite',
    { perm: 'ro', emails: ['u@x'] },
  ],
  ['invitations', (api) => api.invitations(), 'GET', '/folders/invitations/list', undefined],
  ['sentInvitations', (api) => api.sentInvitations(), 'GET', '/folders/invitations/list-sent', undefined],
  [
    'acceptInvitation',
    (api) => api.acceptInvitation('i1'),
    'POST',
    '/folders/invitations/accept',
    { inv_id: 'i1' },
  ],
  [
    'rejectInvitation',
    (api) => api.rejectInvitation('i1'),
    'DELETE',
    '/folders/invitations/delete',
    { inv_id: 'i1' },
  ],
  [
    'updateInvitation',
    (api) => api.updateInvitation('i1', 'wd'),
    'POST',
    '/folders/invitations/update/i1',
    { perm: 'wd' },
  ],
  ['leave', (api) => api.leave('d'), 'POST', '/folders/d/leave', {}],
  [
    'shared',
    (api) => api.shared({ vfolderId: FOLDER_ID }),
    'GET',
    `/folders/_/shared?vfolder_id=${FOLDER_ID}`,
    undefined,
  ],
  [
    'updateShared',
    (api) => api.updateShared(FOLDER_ID, 'u1', 'ro'),
    'POST',
    '/folders/_/shared',
    { vfolder: FOLDER_ID, user: 'u1', perm: 'ro' },
  ],
  [
    'share',
    (api) => api.share('p', ['u@x'], 'rw'),
    'POST',
    '/folders/p/share',
    { permission: 'rw', emails: ['u@x'] },
  ],
  ['unshare', (api) => api.unshare('p', ['u@x']), 'DELETE', '/folders/p/unshare', { emails: ['u@x'] }],
  [
    'clone',
    (api) => api.clone('d', 'd2', { targetHost: 'p:v', permission: 'rw' }),
    'POST',
    '/folders/d/clone',
    { target_name: 'd2', target_host: 'p:v', permission: 'rw' },
  ],
  [
    'usage',
    (api) => api.usage('p:v', FOLDER_ID),
    'GET',
    `/folders/_/usage?folder_host=p%3Av&id=${FOLDER_ID}`,
    undefined,
  ],
  [
    'usage (an id as the list gives it, without dashes)',
    (api) => api.usage('p:v', FOLDER_ID.replace(/-/g, '')),
    'GET',
    `/folders/_/usage?folder_host=p%3Av&id=${FOLDER_ID}`,
    undefined,
  ],
  [
    'requestUpload',
    (api) => api.requestUpload('d', 'a.bin', 5),
    'POST',
    '/folders/d/request-upload',
    { path: 'a.bin', size: 5 },
  ],
  [
    'requestDownload',
    (api) => api.requestDownload('d', 'dir', { archive: true }),
    'POST',
    '/folders/d/request-download',
    { path: 'dir', archive: true },
  ],
];

function answerFor(request: RecordedRequest): StandInAnswer {
  const path = request.path.split('?')[0]!;
  if (request.method === 'GET' && (path === '/folders' || path === '/folders/_/shared')) {
    return {
      status: 200,
      body: [
        { name: 'trashed', id: FOLDER_ID, status: 'delete-pending' },
        { name: 'live', id: 'x', status: 'ready' },
      ],
    };
  }
  if (path.endsWith('/files')) return { status: 200, body: { items: [] } };
  if (path.startsWith('/folders/invitations/list')) return { status: 200, body: { invitations: [] } };
  if (path.endsWith('/clone'))
    return { status: 201, body: { id: 'n', name: 'd2', host: 'p:v', bgtask_id: 't1' } };
  if (path.endsWith('/request-upload') || path.endsWith('/request-download')) {
    return { status: 200, body: { token: 'jwt', url: 'http://proxy:6021/upload' } };
  }
  if (request.method === 'DELETE' && path === '/folders/d') return { status: 204 };
  return { status: 200, body: {} };
}

describe('client.vfolders: the /folders API on the wire', () => {
  let manager: ManagerStandIn;
  let client: Client;

  before(async () => {
    manager = new ManagerStandIn(answerFor);
    const endpoint = await manager.start();
    client = new Client(
      new ApiConfig({ endpoints: [endpoint], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
    );
  });
  after(() => manager.stop());
  beforeEach(() => void (manager.requests.length = 0));

  for (const [name, call, method, path, json] of CALLS) {
    it(`${name}: ${method} ${path.split('?')[0]}`, async () => {
      await call(client.vfolders);
      expect(manager.requests).to.have.length(1);
      const [sent] = manager.requests;
      expect([sent!.method, sent!.path, sent!.json]).to.deep.equal([method, path, json]);
      expect(sent!.signatureValid, 'signed as upstream signs').to.equal(true);
    });
  }

  it('trash operations take a name too: the trashed folder of that name is the one meant', async () => {
    await client.vfolders.restore('trashed');
    expect(manager.requests.map((request) => [request.method, request.path, request.json])).to.deep.equal([
      ['GET', '/folders', undefined],
      ['POST', '/folders/restore-from-trash-bin', { vfolder_id: FOLDER_ID }],
    ]);
    const unknown = await client.vfolders.deleteForever('ghost').catch((error: unknown) => error);
    expect(unknown).to.be.instanceOf(BackendClientError);
    expect((unknown as Error).message).to.equal('no folder named "ghost" is visible to this keypair');
  });

  it('answers without the expected fields are errors naming the call', async () => {
    const odd = new ManagerStandIn(() => ({ status: 200, body: { something: 'else' } }));
    const endpoint = await odd.start();
    try {
      const api = new Client(
        new ApiConfig({ endpoints: [endpoint], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
      ).vfolders;
      const failure = await api.requestUpload('d', 'a', 1).catch((error: unknown) => error);
      expect((failure as Error).message).to.equal(
        'the manager answered POST request-upload without token and url',
      );
      expect(((await api.list().catch((error: unknown) => error)) as Error).message).to.equal(
        'the manager answered GET /folders without a list',
      );
    } finally {
      await odd.stop();
    }
  });

  it("refusals come back as BackendAPIError with the manager's problem type", async () => {
    const refusing = new ManagerStandIn(() => ({
      status: 404,
      body: { type: 'https://api.backend.ai/probs/vfolder-not-found', title: 'Virtual folder not found' },
      contentType: 'application/problem+json',
    }));
    const endpoint = await refusing.start();
    try {
      const api = new Client(
        new ApiConfig({ endpoints: [endpoint], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
      ).vfolders;
      const failure = await api.info('nope').catch((error: unknown) => error);
      expect(failure).to.be.instanceOf(BackendAPIError);
      expect((failure as BackendAPIError).problemSlug).to.equal('vfolder-not-found');
    } finally {
      await refusing.stop();
    }
  });
});
