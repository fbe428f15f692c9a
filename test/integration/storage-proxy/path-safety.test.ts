import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { problem, PROBLEM, TestProxy, treeChecksum, type TestFolder } from './support';

/** Relpaths that try to leave the folder: each is refused with 400 invalid-path. */
const TRAVERSALS = [
  '..',
  '../outside/secret',
  'a/../../outside',
  'a/b/../../../x',
  './../x',
  '/etc/passwd',
  '/',
  'a\u0000b',
  '\u0000',
  '.upload/anything',
];

describe('storage-proxy: paths never leave the folder', function () {
  this.timeout(60_000);
  let proxy: TestProxy;
  let folder: TestFolder;
  let outside: string;
  let sentinel: string;

  before(async () => {
    proxy = await TestProxy.start();
  });
  after(async () => {
    await proxy?.stop();
  });
  beforeEach(async () => {
    folder = await proxy.createFolder();
    outside = join(proxy.baseDir, `outside-${folder.ref.vfid}`);
    mkdirSync(join(outside, 'sub'), { recursive: true });
    writeFileSync(join(outside, 'secret'), 'TOP SECRET');
    writeFileSync(join(outside, 'victim'), 'must survive');
    writeFileSync(join(outside, 'sub', 'deep'), 'deep secret');
    sentinel = treeChecksum(outside);
  });
  afterEach(() => {
    expect(treeChecksum(outside), 'the tree outside the folder changed').to.equal(sentinel);
  });

  /** Every route that takes a path, with `path` in its path field(s). */
  const routes = (path: string): Array<[string, Record<string, unknown>]> => [
    ['/folder/file/mkdir', { relpath: path }],
    ['/folder/file/list', { relpath: path }],
    ['/folder/file/rename', { relpath: path, new_name: 'x' }],
    ['/folder/file/move', { src_relpath: path, dst_relpath: 'x' }],
    ['/folder/file/move', { src_relpath: 'present', dst_relpath: path }],
    ['/folder/file/delete', { relpaths: [path], recursive: true }],
    ['/folder/file/upload', { relpath: path, size: 1 }],
    ['/folder/file/download', { relpath: path }],
  ];

  for (const traversal of TRAVERSALS) {
    it(`refuses ${JSON.stringify(traversal)} on every route with 400 invalid-path`, async () => {
      writeFileSync(join(folder.path, 'present'), 'p');
      for (const [route, fields] of routes(traversal)) {
        // list takes "/" and "" as... no: "/" is absolute, refused like the rest.
        const refused = await problem(await proxy.manager(route, { ...folder.ref, ...fields }));
        expect(refused, `${route} ${JSON.stringify(fields)}`).to.include({
          status: 400,
          type: PROBLEM('invalid-path'),
        });
      }
    });
  }

  it('treats encoded separators and dots literally (the value is never decoded again)', async () => {
    for (const name of ['a%2Fb', '%2e%2e', '..%2Fetc', 'back\\slash']) {
      const made = await proxy.manager('/folder/file/mkdir', { ...folder.ref, relpath: name });
      expect(made.status, name).to.equal(201);
    }
    expect(readdirSync(folder.path).sort()).to.deep.equal(['%2e%2e', '..%2Fetc', 'a%2Fb', 'back\\slash']);
  });

  it('refuses a symlink anywhere in the path (pointing outside, or inside), on every route', async () => {
    writeFileSync(join(folder.path, 'present'), 'p');
    mkdirSync(join(folder.path, 'real'));
    writeFileSync(join(folder.path, 'real', 'file'), 'inside');
    symlinkSync(outside, join(folder.path, 'out'));
    symlinkSync(join(outside, 'secret'), join(folder.path, 'secret-link'));
    symlinkSync('real', join(folder.path, 'in'));
    for (const path of ['out/secret', 'out/sub/deep', 'out/victim', 'in/file', 'out/new']) {
      for (const [route, fields] of routes(path)) {
        const refused = await problem(await proxy.manager(route, { ...folder.ref, ...fields }));
        expect(refused, `${route} ${JSON.stringify(fields)}`).to.include({
          status: 400,
          type: PROBLEM('invalid-path'),
        });
      }
    }
    for (const path of ['out', 'secret-link']) {
      const download = await problem(
        await proxy.manager('/folder/file/download', { ...folder.ref, relpath: path }),
      );
      expect(download, path).to.include({ status: 400, type: PROBLEM('invalid-path') });
      const list = await problem(await proxy.manager('/folder/file/list', { ...folder.ref, relpath: path }));
      expect(list, path).to.include({ status: 400, type: PROBLEM('invalid-path') });
    }
    // Deleting the link itself removes the link, never what it points to.
    const deleted = await proxy.manager('/folder/file/delete', {
      ...folder.ref,
      relpaths: ['out', 'secret-link'],
      recursive: true,
    });
    expect((await deleted.text()).trim().split('\n').pop()).to.equal('{"done":true}');
    expect(existsSync(join(folder.path, 'out'))).to.equal(false);
  });

  it('a directory swapped for a symlink to the outside while requests run: nothing outside is read or changed', async () => {
    const dir = join(folder.path, 'd');
    mkdirSync(dir);
    writeFileSync(join(dir, 'f'), 'inside content');
    writeFileSync(join(dir, 'victim'), 'inside victim');
    // Another process swaps d between the real directory and a symlink to the outside tree.
    const swapper = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const d = ${JSON.stringify(dir)}; const parked = d + '.parked';
       const outside = ${JSON.stringify(outside)};
       const end = Date.now() + 3000;
       while (Date.now() < end) {
         try { fs.renameSync(d, parked); } catch {}
         try { fs.symlinkSync(outside, d); } catch {}
         for (let spin = 0; spin < 200; spin += 1) fs.existsSync(parked);
         try { if (fs.lstatSync(d).isSymbolicLink()) fs.unlinkSync(d); } catch {}
         if (!fs.existsSync(parked)) continue;
         try { fs.renameSync(parked, d); } catch {
           // An upload completing meanwhile made d (parents are created): drop that one.
           try { fs.rmSync(d, { recursive: true, force: true }); } catch {}
           try { fs.renameSync(parked, d); } catch {}
         }
         for (let spin = 0; spin < 200; spin += 1) fs.existsSync(d);
       }`,
    ]);
    const exited = new Promise<number | null>((resolve) => swapper.once('exit', (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));

    const outcomes = new Map<string, number>();
    const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    let round = 0;
    while (running) {
      round += 1;
      const ref = folder.ref;
      const results = await Promise.all([
        proxy.manager('/folder/file/list', { ...ref, relpath: 'd' }).then(async (response) => {
          if (response.status !== 200) return count(`list ${response.status}`);
          const { items } = (await response.json()) as { items: Array<{ name: string }> };
          expect(items.map((item) => item.name)).to.not.include('secret');
          count('list ok');
        }),
        proxy.manager('/folder/file/download', { ...ref, relpath: 'd/f' }).then(async (response) => {
          if (response.status !== 200) return count(`download-token ${response.status}`);
          const { token } = (await response.json()) as { token: string };
          const file = await fetch(`${proxy.proxy.clientUrl}/download?token=${token}`);
          const body = await file.text();
          if (file.status === 200) expect(body).to.equal('inside content');
          count(`download ${file.status}`);
        }),
        proxy.manager('/folder/file/download', { ...ref, relpath: 'd/secret' }).then(async (response) => {
          // d/secret exists only outside: a token must never be issued for it.
          expect(response.status).to.not.equal(200);
        }),
        proxy
          .manager('/folder/file/mkdir', { ...ref, relpath: `d/new-${round}` })
          .then((r) => count(`mkdir ${r.status}`)),
        proxy
          .manager('/folder/file/rename', { ...ref, relpath: 'd/victim', new_name: 'victim' })
          .then((r) => count(`rename ${r.status}`)),
        proxy
          .manager('/folder/file/upload', { ...ref, relpath: `d/up-${round}`, size: 4 })
          .then(async (response) => {
            if (response.status !== 200) return count(`upload-token ${response.status}`);
            const { token } = (await response.json()) as { token: string };
            const upload = await fetch(`${proxy.proxy.clientUrl}/upload?token=${token}`, {
              method: 'PATCH',
              headers: {
                'Tus-Resumable': '1.0.0',
                'Upload-Offset': '0',
                'Content-Type': 'application/offset+octet-stream',
              },
              body: Buffer.from('data'),
            });
            count(`upload ${upload.status}`);
          }),
        proxy.manager('/folder/file/delete', { ...ref, relpaths: ['d/victim'] }).then(async (r) => {
          await r.text();
          count(`delete ${r.status}`);
        }),
      ]);
      expect(results).to.have.length(7);
    }
    expect(await exited, 'the swapping process failed').to.equal(0);
    // Both states were hit: some operations succeeded inside, some were refused at the symlink.
    expect(outcomes.get('list ok') ?? 0, JSON.stringify([...outcomes])).to.be.greaterThan(0);
    expect(outcomes.get('list 400') ?? 0, JSON.stringify([...outcomes])).to.be.greaterThan(0);
  });
});
