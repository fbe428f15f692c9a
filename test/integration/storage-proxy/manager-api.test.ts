import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ndjson, problem, PROBLEM, SECRET, TestProxy, VOLUME, type TestFolder } from './support';

describe('storage-proxy: the manager-facing API', function () {
  let proxy: TestProxy;
  let folder: TestFolder;

  before(async () => {
    proxy = await TestProxy.start();
  });
  after(async () => {
    await proxy?.stop();
  });
  beforeEach(async () => {
    folder = await proxy.createFolder();
  });

  describe('the X-BackendAI-Storage-Auth-Token check', () => {
    for (const [what, secret] of [
      ['missing', null],
      ['wrong', 'not-the-secret-0123456789'],
      ['truncated', SECRET.slice(0, -1)],
    ] as const) {
      it(`refuses a ${what} secret with 403 storage/forbidden, on GET and POST routes`, async () => {
        for (const response of [
          await proxy.manager('/status', undefined, secret),
          await proxy.manager('/folder/file/list', { ...folder.ref }, secret),
        ]) {
          const body = await problem(response);
          expect(body.status).to.equal(403);
          expect(body.type).to.equal(PROBLEM('forbidden'));
        }
      });
    }

    it('accepts the right secret', async () => {
      const response = await proxy.manager('/status');
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ status: 'ok', node: 'proxy-test', volumes: [VOLUME] });
    });
  });

  it('GET /volumes lists the volume with its backend, path and capabilities', async () => {
    const response = await proxy.manager('/volumes');
    expect(await response.json()).to.deep.equal({
      volumes: [{ name: VOLUME, backend: 'vfs', path: proxy.volumePath, capabilities: [] }],
    });
  });

  it('POST /volume/capacity answers the file system size; an unknown volume is 404 volume-not-found', async () => {
    const capacity = (await (await proxy.manager('/volume/capacity', { volume: VOLUME })).json()) as Record<
      string,
      number
    >;
    expect(capacity.capacity_bytes).to.be.greaterThan(0);
    expect(capacity.used_bytes).to.be.within(0, capacity.capacity_bytes!);
    const refused = await problem(await proxy.manager('/volume/capacity', { volume: 'nope' }));
    expect(refused).to.include({ status: 404, type: PROBLEM('volume-not-found') });
  });

  it('quota scopes: get answers 404 before a limit exists, set then get answers the limit and usage', async () => {
    const scope = `project:${randomUUID()}`;
    const missing = await problem(
      await proxy.manager('/quota-scope/get', { volume: VOLUME, quota_scope_id: scope }),
    );
    expect(missing).to.include({ status: 404, type: PROBLEM('quota-scope-not-found') });
    const set = await proxy.manager('/quota-scope/set', {
      volume: VOLUME,
      quota_scope_id: scope,
      limit_bytes: 1_000_000,
    });
    expect(set.status).to.equal(204);
    const got = await proxy.manager('/quota-scope/get', { volume: VOLUME, quota_scope_id: scope });
    expect(await got.json()).to.deep.equal({ used_bytes: 0, file_count: 0, limit_bytes: 1_000_000 });
    const unset = await proxy.manager('/quota-scope/set', {
      volume: VOLUME,
      quota_scope_id: scope,
      limit_bytes: null,
    });
    expect(unset.status).to.equal(204);
    const bad = await problem(
      await proxy.manager('/quota-scope/set', { volume: VOLUME, quota_scope_id: 'team:1', limit_bytes: 1 }),
    );
    expect(bad).to.include({ status: 400, type: PROBLEM('invalid-api-params') });
    expect(bad.title).to.contain('quota_scope_id');
  });

  it('folders: create (409 when it exists), usage, quota, mount, clone and delete with NDJSON progress', async () => {
    const again = await problem(await proxy.manager('/folder/create', folder.ref));
    expect(again).to.include({ status: 409, type: PROBLEM('vfolder-exists') });

    writeFileSync(join(folder.path, 'a.txt'), 'hello');
    expect(
      await (
        await proxy.manager('/folder/quota', { ...folder.ref, limit_bytes: 4096 })
      ).status,
    ).to.equal(204);
    const usage = await (await proxy.manager('/folder/usage', folder.ref)).json();
    expect(usage).to.deep.equal({ used_bytes: 5, file_count: 1, limit_bytes: 4096 });
    expect(await (await proxy.manager('/folder/mount', folder.ref)).json()).to.deep.equal({
      path: folder.path,
    });

    const dstVfid = randomUUID();
    const clone = await proxy.manager('/folder/clone', {
      ...folder.ref,
      dst_quota_scope_id: folder.ref.quota_scope_id,
      dst_vfid: dstVfid,
    });
    expect(clone.status).to.equal(200);
    expect(clone.headers.get('content-type')).to.equal('application/x-ndjson');
    const cloneLines = await ndjson(clone);
    expect(cloneLines[cloneLines.length - 1]).to.deep.equal({ done: true });
    const cloned = { ...folder.ref, vfid: dstVfid };
    const clonedPath = ((await (await proxy.manager('/folder/mount', cloned)).json()) as { path: string })
      .path;
    expect(readFileSync(join(clonedPath, 'a.txt'), 'utf8')).to.equal('hello');

    const deleted = await proxy.manager('/folder/delete', cloned);
    const deleteLines = await ndjson(deleted);
    expect(deleteLines[deleteLines.length - 1]).to.deep.equal({ done: true });
    expect(existsSync(clonedPath)).to.equal(false);
    const gone = await problem(await proxy.manager('/folder/usage', cloned));
    expect(gone).to.include({ status: 404, type: PROBLEM('vfolder-not-found') });
    const mountGone = await problem(await proxy.manager('/folder/mount', cloned));
    expect(mountGone).to.include({ status: 404, type: PROBLEM('vfolder-not-found') });
  });

  it('names the field of a bad body: missing vfid, bad relpath type, bad limit', async () => {
    const noVfid = await problem(
      await proxy.manager('/folder/usage', { volume: VOLUME, quota_scope_id: folder.ref.quota_scope_id }),
    );
    expect(noVfid).to.include({ status: 400, type: PROBLEM('invalid-api-params') });
    expect(noVfid.title).to.contain('"vfid"');
    const badRelpath = await problem(
      await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 7 }),
    );
    expect(badRelpath.title).to.contain('"relpath"');
    const badLimit = await problem(await proxy.manager('/folder/quota', { ...folder.ref, limit_bytes: -1 }));
    expect(badLimit.title).to.contain('"limit_bytes"');
  });

  it('mkdir: 201, 409 file-exists, exist_ok, parents, 404 without parents', async () => {
    expect((await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 'd' })).status).to.equal(201);
    const exists = await problem(await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 'd' }));
    expect(exists).to.include({ status: 409, type: PROBLEM('file-exists') });
    expect(
      (await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 'd', exist_ok: true })).status,
    ).to.equal(201);
    const noParent = await problem(
      await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 'x/y/z' }),
    );
    expect(noParent).to.include({ status: 404, type: PROBLEM('file-not-found') });
    expect(
      (await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 'x/y/z', parents: true })).status,
    ).to.equal(201);
    writeFileSync(join(folder.path, 'file'), 'x');
    const underFile = await problem(
      await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: 'file/sub' }),
    );
    expect(underFile).to.include({ status: 400, type: PROBLEM('not-a-directory') });
  });

  it('list: stat fields of files, directories and symlinks (the staging folder hidden), 404 in a missing folder', async () => {
    writeFileSync(join(folder.path, 'f.bin'), Buffer.alloc(1234));
    mkdirSync(join(folder.path, 'sub'), { mode: 0o750 });
    symlinkSync('/etc/passwd', join(folder.path, 'link'));
    mkdirSync(join(folder.path, '.upload'));
    const response = await proxy.manager('/folder/file/list', folder.ref);
    const { items } = (await response.json()) as { items: Array<Record<string, unknown>> };
    const byName = Object.fromEntries(items.map((item) => [item.name, item]));
    expect(Object.keys(byName).sort()).to.deep.equal(['f.bin', 'link', 'sub']);
    expect(byName['f.bin']).to.include({ type: 'FILE', size: 1234, mode: '0644' });
    expect(byName.sub).to.include({ type: 'DIRECTORY', mode: '0750' });
    expect(byName.link).to.include({ type: 'SYMLINK' });
    expect(Date.parse(byName['f.bin']!.modified as string)).to.be.closeTo(Date.now(), 60_000);
    expect(Date.parse(byName['f.bin']!.created as string)).to.be.closeTo(Date.now(), 60_000);

    const missing = await problem(
      await proxy.manager('/folder/file/list', { ...folder.ref, vfid: randomUUID() }),
    );
    expect(missing).to.include({ status: 404, type: PROBLEM('vfolder-not-found') });
  });

  it('list answers at most scandirLimit entries', async () => {
    const limited = await TestProxy.start({ scandirLimit: 3 });
    try {
      const small = await limited.createFolder();
      for (let index = 0; index < 5; index += 1) writeFileSync(join(small.path, `f${index}`), '');
      const { items } = (await (await limited.manager('/folder/file/list', small.ref)).json()) as {
        items: unknown[];
      };
      expect(items).to.have.length(3);
    } finally {
      await limited.stop();
    }
  });

  it('rename: a file, a directory only with is_dir, 409 onto an existing name', async () => {
    writeFileSync(join(folder.path, 'a'), 'A');
    writeFileSync(join(folder.path, 'b'), 'B');
    mkdirSync(join(folder.path, 'dir'));
    expect(
      (await proxy.manager('/folder/file/rename', { ...folder.ref, relpath: 'a', new_name: 'c' })).status,
    ).to.equal(200);
    expect(readFileSync(join(folder.path, 'c'), 'utf8')).to.equal('A');
    const dirRefused = await problem(
      await proxy.manager('/folder/file/rename', { ...folder.ref, relpath: 'dir', new_name: 'dir2' }),
    );
    expect(dirRefused).to.include({ status: 400, type: PROBLEM('is-a-directory') });
    expect(
      (
        await proxy.manager('/folder/file/rename', {
          ...folder.ref,
          relpath: 'dir',
          new_name: 'dir2',
          is_dir: true,
        })
      ).status,
    ).to.equal(200);
    const onto = await problem(
      await proxy.manager('/folder/file/rename', { ...folder.ref, relpath: 'c', new_name: 'b' }),
    );
    expect(onto).to.include({ status: 409, type: PROBLEM('file-exists') });
    const slash = await problem(
      await proxy.manager('/folder/file/rename', { ...folder.ref, relpath: 'c', new_name: '../c' }),
    );
    expect(slash).to.include({ status: 400, type: PROBLEM('invalid-path') });
  });

  it('move: to a new path, into an existing directory, 409 onto a file, 404 for a missing source', async () => {
    writeFileSync(join(folder.path, 'a'), 'A');
    writeFileSync(join(folder.path, 'b'), 'B');
    mkdirSync(join(folder.path, 'dir'));
    expect(
      (await proxy.manager('/folder/file/move', { ...folder.ref, src_relpath: 'a', dst_relpath: 'dir' }))
        .status,
    ).to.equal(200);
    expect(readFileSync(join(folder.path, 'dir', 'a'), 'utf8')).to.equal('A');
    expect(
      (await proxy.manager('/folder/file/move', { ...folder.ref, src_relpath: 'dir/a', dst_relpath: 'z' }))
        .status,
    ).to.equal(200);
    expect(readFileSync(join(folder.path, 'z'), 'utf8')).to.equal('A');
    const onto = await problem(
      await proxy.manager('/folder/file/move', { ...folder.ref, src_relpath: 'z', dst_relpath: 'b' }),
    );
    expect(onto).to.include({ status: 409, type: PROBLEM('file-exists') });
    const missing = await problem(
      await proxy.manager('/folder/file/move', { ...folder.ref, src_relpath: 'nope', dst_relpath: 'x' }),
    );
    expect(missing).to.include({ status: 404, type: PROBLEM('file-not-found') });
  });

  it('delete: files, a tree only with recursive (NDJSON progress), 404 for a missing path before anything is deleted', async () => {
    writeFileSync(join(folder.path, 'a'), 'AAAA');
    mkdirSync(join(folder.path, 'tree', 'deep'), { recursive: true });
    writeFileSync(join(folder.path, 'tree', 'deep', 'x'), 'XX');
    symlinkSync('/etc', join(folder.path, 'tree', 'etc-link'));

    const dirRefused = await problem(
      await proxy.manager('/folder/file/delete', { ...folder.ref, relpaths: ['tree'] }),
    );
    expect(dirRefused).to.include({ status: 400, type: PROBLEM('is-a-directory') });
    const missing = await problem(
      await proxy.manager('/folder/file/delete', { ...folder.ref, relpaths: ['a', 'nope'] }),
    );
    expect(missing).to.include({ status: 404, type: PROBLEM('file-not-found') });
    expect(existsSync(join(folder.path, 'a'))).to.equal(true);

    const response = await proxy.manager('/folder/file/delete', {
      ...folder.ref,
      relpaths: ['a', 'tree'],
      recursive: true,
    });
    expect(response.status).to.equal(200);
    const lines = await ndjson(response);
    expect(lines[lines.length - 1]).to.deep.equal({ done: true });
    expect(lines[lines.length - 2]).to.deep.equal({ progress: { bytes: 6, files: 5 } });
    expect(existsSync(join(folder.path, 'a'))).to.equal(false);
    expect(existsSync(join(folder.path, 'tree'))).to.equal(false);
    expect(existsSync('/etc/passwd')).to.equal(true);
  });

  it('upload and download tokens: checks before issuing (directory, missing file, size limits)', async () => {
    mkdirSync(join(folder.path, 'dir'));
    const ontoDir = await problem(
      await proxy.manager('/folder/file/upload', { ...folder.ref, relpath: 'dir', size: 1 }),
    );
    expect(ontoDir).to.include({ status: 400, type: PROBLEM('is-a-directory') });
    const noSize = await problem(await proxy.manager('/folder/file/upload', { ...folder.ref, relpath: 'f' }));
    expect(noSize.title).to.contain('"size"');
    const tooBig = await problem(
      await proxy.manager('/folder/file/upload', { ...folder.ref, relpath: 'f', size: 2 ** 40 }),
    );
    expect(tooBig.status).to.equal(413);
    const missing = await problem(
      await proxy.manager('/folder/file/download', { ...folder.ref, relpath: 'nope' }),
    );
    expect(missing).to.include({ status: 404, type: PROBLEM('file-not-found') });
    const dir = await problem(
      await proxy.manager('/folder/file/download', { ...folder.ref, relpath: 'dir' }),
    );
    expect(dir).to.include({ status: 400, type: PROBLEM('is-a-directory') });
    const archive = await proxy.manager('/folder/file/download', {
      ...folder.ref,
      relpath: 'dir',
      archive: true,
    });
    expect(archive.status).to.equal(200);
    expect(((await archive.json()) as { token: string }).token).to.match(/^ey/);
  });

  it('answers 404 storage/url-not-found for an unknown route (after the secret check)', async () => {
    const unknown = await problem(await proxy.manager('/nope', {}));
    expect(unknown).to.include({ status: 404, type: PROBLEM('url-not-found') });
  });
});
