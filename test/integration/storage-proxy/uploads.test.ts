import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import { Upload } from 'tus-js-client';
import { problem, PROBLEM, sha256, TestProxy, type TestFolder } from './support';

const TUS = { 'Tus-Resumable': '1.0.0' };

/** A raw tus PATCH; `cutAfter` bytes are sent and then the connection is dropped. */
async function patch(
  url: string,
  offset: number,
  body: Buffer,
  options: { contentLength?: number | null; cutAfter?: number; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string } | 'cut'> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      ...TUS,
      'Upload-Offset': offset,
      'Content-Type': 'application/offset+octet-stream',
      ...options.headers,
    };
    if (options.contentLength !== null) headers['Content-Length'] = options.contentLength ?? body.length;
    const req = request(url, { method: 'PATCH', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', (error) => (options.cutAfter !== undefined ? resolve('cut') : reject(error)));
    if (options.cutAfter !== undefined) {
      req.write(body.subarray(0, options.cutAfter), () => {
        req.destroy();
        resolve('cut');
      });
    } else {
      req.end(body);
    }
  });
}

/** The upload session a token names (its `session` claim). */
function sessionOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { session: string })
    .session;
}

async function head(url: string): Promise<Response> {
  return fetch(url, { method: 'HEAD', headers: TUS });
}

describe('storage-proxy: tus uploads on the client API', function () {
  this.timeout(30_000);
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

  const uploadUrl = (token: string) => `${proxy.proxy.clientUrl}/upload?token=${token}`;
  const stagingFiles = () =>
    existsSync(join(folder.path, '.upload')) ? readdirSync(join(folder.path, '.upload')) : [];

  it('OPTIONS announces tus 1.0.0, the max size and the checksum extension, with CORS', async () => {
    const response = await fetch(`${proxy.proxy.clientUrl}/upload`, { method: 'OPTIONS' });
    expect(response.status).to.equal(204);
    expect(response.headers.get('tus-version')).to.equal('1.0.0');
    expect(response.headers.get('tus-max-size')).to.equal(String(1024 * 1024 * 1024));
    expect(response.headers.get('tus-extension')).to.equal('checksum');
    expect(response.headers.get('access-control-allow-origin')).to.equal('*');
  });

  it('tus-js-client uploads a file in chunks; it lands at relpath (parents created) with the same sha256', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const token = await proxy.uploadToken(folder, 'nested/dir/data.bin', data.length);
    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(data, {
        uploadUrl: uploadUrl(token),
        chunkSize: 1024 * 1024,
        retryDelays: [],
        onError: reject,
        onSuccess: () => resolve(),
      });
      upload.start();
    });
    expect(sha256(readFileSync(join(folder.path, 'nested/dir/data.bin')))).to.equal(sha256(data));
    expect(existsSync(join(folder.path, '.upload'))).to.equal(false);
    // Sent again, the token (valid until it expires) names an upload that holds nothing yet.
    const again = await head(uploadUrl(token));
    expect(again.status).to.equal(200);
    expect(again.headers.get('upload-offset')).to.equal('0');
    expect(existsSync(join(folder.path, '.upload'))).to.equal(false);
  });

  it('writes nothing for a token until its first PATCH: HEAD answers 0, a PATCH past 0 is a 409', async () => {
    const token = await proxy.uploadToken(folder, 'later.bin', 1000);
    expect(existsSync(join(folder.path, '.upload'))).to.equal(false);
    const probe = await head(uploadUrl(token));
    expect(probe.status).to.equal(200);
    expect(probe.headers.get('upload-offset')).to.equal('0');
    const ahead = await patch(uploadUrl(token), 10, Buffer.alloc(10));
    expect(ahead).to.not.equal('cut');
    if (ahead === 'cut') return;
    expect(ahead.status).to.equal(409);
    expect(JSON.parse(ahead.body)).to.include({ type: PROBLEM('upload-offset-conflict'), offset: 0 });
    expect(existsSync(join(folder.path, '.upload'))).to.equal(false);
    const first = await patch(uploadUrl(token), 0, Buffer.alloc(400, 1));
    expect(first !== 'cut' && first.status).to.equal(204);
    expect(stagingFiles()).to.have.length(1);
  });

  it('an upload request removes staging files idle for longer than a token lives, and keeps the others', async () => {
    const abandoned = await proxy.uploadToken(folder, 'abandoned.bin', 1000);
    const recent = await proxy.uploadToken(folder, 'recent.bin', 1000);
    for (const token of [abandoned, recent]) {
      const sent = await patch(uploadUrl(token), 0, Buffer.alloc(300, 7));
      expect(sent !== 'cut' && sent.status).to.equal(204);
    }
    const oldest = sessionOf(abandoned);
    expect(stagingFiles()).to.have.members([oldest, sessionOf(recent)]);
    // Last written two hours ago: the suite's proxy issues tokens for an hour (sessionExpire 3600).
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    utimesSync(join(folder.path, '.upload', oldest), twoHoursAgo, twoHoursAgo);

    await proxy.uploadToken(folder, 'next.bin', 10);
    expect(stagingFiles()).to.deep.equal([sessionOf(recent)]);
    const gone = await head(uploadUrl(abandoned));
    expect(gone.headers.get('upload-offset')).to.equal('0');
    const kept = await head(uploadUrl(recent));
    expect(kept.headers.get('upload-offset')).to.equal('300');
  });

  it('resumes an interrupted PATCH: HEAD gives the offset reached, the rest completes the file (sha256 equal)', async () => {
    const data = randomBytes(8 * 1024 * 1024);
    writeFileSync(join(folder.path, 'target.bin'), 'old content stays until the upload completes');
    const token = await proxy.uploadToken(folder, 'target.bin', data.length);
    const cut = await patch(uploadUrl(token), 0, data, { cutAfter: 5 * 1024 * 1024 });
    expect(cut).to.equal('cut');
    const probe = await head(uploadUrl(token));
    expect(probe.status).to.equal(200);
    expect(probe.headers.get('upload-length')).to.equal(String(data.length));
    const offset = Number(probe.headers.get('upload-offset'));
    expect(offset).to.be.within(1, 5 * 1024 * 1024);
    expect(readFileSync(join(folder.path, 'target.bin'), 'utf8')).to.equal(
      'old content stays until the upload completes',
    );

    const rest = await patch(uploadUrl(token), offset, data.subarray(offset));
    expect(rest).to.not.equal('cut');
    if (rest === 'cut') return;
    expect(rest.status).to.equal(204);
    expect(rest.headers['upload-offset']).to.equal(String(data.length));
    expect(sha256(readFileSync(join(folder.path, 'target.bin')))).to.equal(sha256(data));
  });

  it('refuses a wrong offset with 409 and leaves the stored bytes alone', async () => {
    const data = randomBytes(1000);
    const token = await proxy.uploadToken(folder, 'f.bin', data.length);
    const first = await patch(uploadUrl(token), 0, data.subarray(0, 400));
    expect(first).to.include({ status: 204 });
    const wrong = await patch(uploadUrl(token), 100, data.subarray(100, 500));
    expect(wrong).to.not.equal('cut');
    if (wrong === 'cut') return;
    expect(wrong.status).to.equal(409);
    expect(JSON.parse(wrong.body)).to.include({ type: PROBLEM('upload-offset-conflict') });
    expect((await head(uploadUrl(token))).headers.get('upload-offset')).to.equal('400');
  });

  it('refuses bytes beyond the size (with and without Content-Length) with 413, without damaging the stored part', async () => {
    const data = randomBytes(1000);
    const token = await proxy.uploadToken(folder, 'f.bin', data.length);
    expect(await patch(uploadUrl(token), 0, data.subarray(0, 600))).to.include({ status: 204 });
    const staged = join(folder.path, '.upload', stagingFiles()[0]!);
    const before = sha256(readFileSync(staged));

    const declared = await patch(uploadUrl(token), 600, randomBytes(500));
    expect(declared).to.include({ status: 413 });
    const chunked = await patch(uploadUrl(token), 600, randomBytes(500), { contentLength: null });
    expect(chunked).to.include({ status: 413 });
    expect(sha256(readFileSync(staged))).to.equal(before);
    expect((await head(uploadUrl(token))).headers.get('upload-offset')).to.equal('600');

    expect(await patch(uploadUrl(token), 600, data.subarray(600))).to.include({ status: 204 });
    expect(sha256(readFileSync(join(folder.path, 'f.bin')))).to.equal(sha256(data));
  });

  it('refuses a corrupt chunk (Upload-Checksum mismatch) with 460 and keeps the offset; a good one passes', async () => {
    const data = randomBytes(2000);
    const token = await proxy.uploadToken(folder, 'f.bin', data.length);
    const digest = (chunk: Buffer) => `sha256 ${createHash('sha256').update(chunk).digest('base64')}`;
    const corrupt = Buffer.from(data.subarray(0, 1000));
    corrupt[10] = corrupt[10]! ^ 0xff;
    const refused = await patch(uploadUrl(token), 0, corrupt, {
      headers: { 'Upload-Checksum': digest(data.subarray(0, 1000)) },
    });
    expect(refused).to.include({ status: 460 });
    expect((await head(uploadUrl(token))).headers.get('upload-offset')).to.equal('0');
    const good = await patch(uploadUrl(token), 0, data, { headers: { 'Upload-Checksum': digest(data) } });
    expect(good).to.include({ status: 204 });
    expect(sha256(readFileSync(join(folder.path, 'f.bin')))).to.equal(sha256(data));
  });

  it('refuses a PATCH without Tus-Resumable (412) or with a wrong Content-Type (400)', async () => {
    const token = await proxy.uploadToken(folder, 'f.bin', 10);
    const noTus = await fetch(uploadUrl(token), {
      method: 'PATCH',
      headers: { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
      body: Buffer.alloc(10),
    });
    expect(noTus.status).to.equal(412);
    const badType = await patch(uploadUrl(token), 0, Buffer.alloc(10), {
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(badType).to.include({ status: 400 });
  });

  it('a full quota refuses the token (413) and a PATCH that no longer fits, leaving nothing at relpath', async () => {
    const limited = await proxy.createFolder(10_000);
    const refused = await problem(
      await proxy.manager('/folder/file/upload', { ...limited.ref, relpath: 'big.bin', size: 20_000 }),
    );
    expect(refused).to.include({ status: 413, type: PROBLEM('quota-exceeded') });

    // Two tokens that each fit; the second no longer fits once the first has landed.
    const first = await proxy.uploadToken(limited, 'a.bin', 6000);
    const second = await proxy.uploadToken(limited, 'b.bin', 6000);
    expect(await patch(`${proxy.proxy.clientUrl}/upload?token=${first}`, 0, randomBytes(6000))).to.include({
      status: 204,
    });
    const over = await patch(`${proxy.proxy.clientUrl}/upload?token=${second}`, 0, randomBytes(6000));
    expect(over).to.include({ status: 413 });
    if (over !== 'cut') expect(JSON.parse(over.body)).to.include({ type: PROBLEM('quota-exceeded') });
    expect(existsSync(join(limited.path, 'b.bin'))).to.equal(false);
    expect(
      readdirSync(join(limited.path, '.upload')).map(
        (name) => readFileSync(join(limited.path, '.upload', name)).length,
      ),
    ).to.deep.equal([0]);
  });

  it('a zero-byte upload completes with one empty PATCH', async () => {
    const token = await proxy.uploadToken(folder, 'empty', 0);
    expect(await patch(uploadUrl(token), 0, Buffer.alloc(0))).to.include({ status: 204 });
    expect(readFileSync(join(folder.path, 'empty')).length).to.equal(0);
  });

  it('an upload cannot land through a directory that became a symlink meanwhile', async () => {
    mkdirSync(join(folder.path, 'd'));
    const token = await proxy.uploadToken(folder, 'd/f.bin', 4);
    const outside = join(proxy.baseDir, 'outside-upload');
    mkdirSync(outside);
    rmdirSync(join(folder.path, 'd'));
    symlinkSync(outside, join(folder.path, 'd'));
    const response = await patch(uploadUrl(token), 0, Buffer.from('evil'));
    expect(response).to.include({ status: 400 });
    expect(readdirSync(outside)).to.deep.equal([]);
  });
});
