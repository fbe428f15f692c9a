import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { JWT_SECRET, problem, PROBLEM, sha256, TestProxy, VOLUME, type TestFolder } from './support';

describe('storage-proxy: downloads and tokens on the client API', function () {
  this.timeout(30_000);
  let proxy: TestProxy;
  let folder: TestFolder;
  const data = randomBytes(100_000);

  before(async () => {
    proxy = await TestProxy.start();
  });
  after(async () => {
    await proxy?.stop();
  });
  beforeEach(async () => {
    folder = await proxy.createFolder();
    writeFileSync(join(folder.path, 'data é.bin'), data);
  });

  const download = (token: string, headers: Record<string, string> = {}, path = '/download') =>
    fetch(`${proxy.proxy.clientUrl}${path}?token=${encodeURIComponent(token)}`, { headers });

  it('a whole file: 200, length, Last-Modified, Accept-Ranges and a UTF-8 Content-Disposition', async () => {
    const response = await download(await proxy.downloadToken(folder, 'data é.bin'));
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-length')).to.equal(String(data.length));
    expect(response.headers.get('accept-ranges')).to.equal('bytes');
    expect(response.headers.get('last-modified')).to.match(/GMT$/);
    expect(response.headers.get('content-disposition')).to.equal(
      `attachment; filename="data _.bin"; filename*=UTF-8''data%20%C3%A9.bin`,
    );
    expect(sha256(Buffer.from(await response.arrayBuffer()))).to.equal(sha256(data));
  });

  it('ranges: 206 for a-b, a- and -n; 416 past the end; HEAD has no body', async () => {
    const token = await proxy.downloadToken(folder, 'data é.bin');
    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      ['bytes=99990-', 99_990, 99_999],
      ['bytes=-10', 99_990, 99_999],
      ['bytes=50-200000', 50, 99_999],
    ];
    for (const [range, start, end] of cases) {
      const response = await download(token, { Range: range });
      expect(response.status, range).to.equal(206);
      expect(response.headers.get('content-range')).to.equal(`bytes ${start}-${end}/${data.length}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(data.subarray(start, end + 1)), range).to.equal(
        true,
      );
    }
    const past = await download(token, { Range: 'bytes=100000-' });
    expect(past.status).to.equal(416);
    expect(past.headers.get('content-range')).to.equal(`bytes */${data.length}`);
    const headOnly = await fetch(`${proxy.proxy.clientUrl}/download?token=${encodeURIComponent(token)}`, {
      method: 'HEAD',
    });
    expect(headOnly.status).to.equal(200);
    expect(headOnly.headers.get('content-length')).to.equal(String(data.length));
  });

  it('If-Range: the Last-Modified seen continues with 206; a changed file restarts with 200', async () => {
    const token = await proxy.downloadToken(folder, 'data é.bin');
    const first = await download(token);
    const lastModified = first.headers.get('last-modified')!;
    await first.arrayBuffer();
    const resumed = await download(token, { Range: 'bytes=1000-', 'If-Range': lastModified });
    expect(resumed.status).to.equal(206);
    await resumed.arrayBuffer();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(folder.path, 'data é.bin'), later, later);
    const restarted = await download(token, { Range: 'bytes=1000-', 'If-Range': lastModified });
    expect(restarted.status).to.equal(200);
    expect(Buffer.from(await restarted.arrayBuffer()).length).to.equal(data.length);
  });

  it('a directory as a streamed zip (archive claim on /download, and /download-archive); symlinks left out', async () => {
    mkdirSync(join(folder.path, 'dir', 'sub', 'empty'), { recursive: true });
    writeFileSync(join(folder.path, 'dir', 'a.txt'), 'A');
    writeFileSync(join(folder.path, 'dir', 'sub', 'b.txt'), 'BB');
    symlinkSync('/etc/passwd', join(folder.path, 'dir', 'passwd'));
    const zipPath = join(proxy.baseDir, 'out.zip');
    for (const path of ['/download', '/download-archive']) {
      const response = await download(await proxy.downloadToken(folder, 'dir', true), {}, path);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('application/zip');
      writeFileSync(zipPath, Buffer.from(await response.arrayBuffer()));
      const listing = execFileSync('zipinfo', ['-1', zipPath], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .sort();
      expect(listing).to.deep.equal(['a.txt', 'sub/b.txt', 'sub/empty/']);
      expect(execFileSync('unzip', ['-p', zipPath, 'sub/b.txt'], { encoding: 'utf8' })).to.equal('BB');
    }
    mkdirSync(join(folder.path, '.upload'));
    writeFileSync(join(folder.path, '.upload', 'staged'), 'half');
    const whole = await download(await proxy.downloadToken(folder, '.', true), {}, '/download-archive');
    expect(whole.headers.get('content-disposition')).to.contain(`${folder.ref.vfid}.zip`);
    writeFileSync(zipPath, Buffer.from(await whole.arrayBuffer()));
    const wholeListing = execFileSync('zipinfo', ['-1', zipPath], { encoding: 'utf8' });
    expect(wholeListing).to.contain('dir/sub/b.txt').and.not.to.contain('.upload');
    const rootWithoutArchive = await problem(
      await proxy.manager('/folder/file/download', { ...folder.ref, relpath: '.' }),
    );
    expect(rootWithoutArchive).to.include({ status: 400, type: PROBLEM('invalid-path') });
    const asFile = await problem(
      await download(await proxy.downloadToken(folder, 'data é.bin'), {}, '/download-archive'),
    );
    expect(asFile).to.include({ status: 400, type: PROBLEM('not-a-directory') });
  });

  describe('refused tokens', () => {
    const claims = (): Record<string, unknown> => ({
      op: 'download',
      volume: VOLUME,
      quota_scope_id: folder.ref.quota_scope_id,
      vfid: folder.ref.vfid,
      relpath: 'data é.bin',
      archive: false,
    });
    const sign = (
      payload: Record<string, unknown>,
      secret = JWT_SECRET,
      exp = Math.floor(Date.now() / 1000) + 60,
    ) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));

    it('accepts a well-signed one (the control for the refusals below)', async () => {
      expect((await download(await sign(claims()))).status).to.equal(200);
    });

    it('missing: 401', async () => {
      const refused = await problem(await fetch(`${proxy.proxy.clientUrl}/download`));
      expect(refused).to.include({ status: 401, type: PROBLEM('invalid-token') });
    });

    it('expired: 401', async () => {
      const refused = await problem(
        await download(await sign(claims(), JWT_SECRET, Math.floor(Date.now() / 1000) - 10)),
      );
      expect(refused).to.include({ status: 401, type: PROBLEM('invalid-token') });
      expect(refused.title).to.contain('expired');
    });

    it('tampered with (payload changed to another folder and path, signature kept): 401', async () => {
      const token = await sign(claims());
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...claims(), vfid: folder.ref.vfid, relpath: '../../etc/passwd' }),
      ).toString('base64url');
      const refused = await problem(await download(`${header}.${forged}.${signature}`));
      expect(refused).to.include({ status: 401, type: PROBLEM('invalid-token') });
    });

    it('signed with another key (another proxy, or alg none): 401', async () => {
      const other = await problem(
        await download(await sign(claims(), 'another-proxy-secret-0123456789abcdef')),
      );
      expect(other).to.include({ status: 401 });
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
      expect(await problem(await download(none))).to.include({ status: 401 });
    });

    it('for another operation: a download token on /upload and an upload token on /download are 403', async () => {
      const uploadToken = await proxy.uploadToken(folder, 'new.bin', 10);
      const onDownload = await problem(await download(uploadToken));
      expect(onDownload).to.include({ status: 403, type: PROBLEM('token-refused') });
      const onUpload = await problem(
        await fetch(`${proxy.proxy.clientUrl}/upload?token=${await sign(claims())}`, {
          method: 'PATCH',
          headers: {
            'Tus-Resumable': '1.0.0',
            'Upload-Offset': '0',
            'Content-Type': 'application/offset+octet-stream',
          },
          body: Buffer.alloc(0),
        }),
      );
      expect(onUpload).to.include({ status: 403, type: PROBLEM('token-refused') });
    });

    it('for another folder or path: the token alone decides, so a signed path outside the folder is still refused', async () => {
      const escaping = await problem(
        await download(await sign({ ...claims(), relpath: '../../../../etc/passwd' })),
      );
      expect(escaping).to.include({ status: 400, type: PROBLEM('invalid-path') });
      const otherFolder = await problem(
        await download(await sign({ ...claims(), vfid: '00000000-0000-0000-0000-000000000000' })),
      );
      expect(otherFolder).to.include({ status: 404, type: PROBLEM('vfolder-not-found') });
    });
  });
});
