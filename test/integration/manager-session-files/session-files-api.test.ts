import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@tessera/signing';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import {
  ALICE,
  BOB,
  bootGraphQLManager,
  createSession,
  statusReached,
  type Caller,
} from '../manager/graphql-harness';

const API_VERSION = 'v9.20250722';
const BOUNDARY = 'tessera-session-files-test';

interface RawAnswer {
  status: number;
  contentType: string;
  bytes: Buffer;
  json(): Record<string, unknown>;
}

/** A signed request with any body and content type, answering the raw bytes. */
async function signedRaw(
  deployment: ManagerDeployment,
  caller: Caller,
  method: string,
  path: string,
  body?: { contentType: string; bytes: Buffer },
): Promise<RawAnswer> {
  const url = new URL(path, deployment.endpoint);
  const date = new Date().toISOString();
  const contentType = body?.contentType ?? 'application/json';
  const { authorization } = signRequest({
    method,
    pathWithQuery: url.pathname + url.search,
    rawDate: date,
    host: url.host,
    contentType,
    apiVersion: API_VERSION,
    ...caller,
  });
  // node:http rather than fetch: the Python SDK sends JSON bodies on GETs, which fetch refuses.
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = request(url, {
      method,
      headers: {
        Authorization: authorization,
        Date: date,
        'Content-Type': contentType,
        'X-BackendAI-Version': API_VERSION,
        ...(body ? { 'Content-Length': body.bytes.length } : {}),
      },
    });
    outgoing.on('response', resolve).on('error', reject);
    outgoing.end(body?.bytes);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return {
    status: response.statusCode ?? 0,
    contentType: String(response.headers['content-type'] ?? ''),
    bytes,
    json: () => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
  };
}

function multipart(files: Array<{ name: string; content: Buffer | string }>) {
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="src"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, bytes: Buffer.concat(chunks) };
}

function json(value: unknown) {
  return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(value)) };
}

/** The parts of a multipart/mixed answer. */
function mixedParts(answer: RawAnswer): Array<{ headers: string; body: Buffer }> {
  const boundary = /boundary=([^;]+)/.exec(answer.contentType)![1]!;
  const parts: Array<{ headers: string; body: Buffer }> = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = answer.bytes.indexOf(delimiter);
  for (;;) {
    at += delimiter.length;
    if (answer.bytes.subarray(at, at + 2).toString() === '--') return parts;
    const headersEnd = answer.bytes.indexOf('\r\n\r\n', at);
    const next = answer.bytes.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    parts.push({
      headers: answer.bytes.subarray(at + 2, headersEnd).toString(),
      body: answer.bytes.subarray(headersEnd + 4, next),
    });
    at = next + 2;
  }
}

describe('manager-session-files: session files and completion through the REST API', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let scratch: string;
  let aliceKernel: string;

  before(async () => {
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-session-files' }] });
    const id = await createSession(deployment, ALICE, 'alice-files');
    await statusReached(deployment, id, 'RUNNING');
    aliceKernel = (await deployment.db.sessions.get(id))!.kernels[0]!.id;
    scratch = mkdtempSync(join(tmpdir(), 'tessera-session-files-api-'));
  });
  after(async () => {
    deployment?.agent.removeWorkFolders();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await deployment?.stop();
  });

  it('uploads files into /home/work, lists them, and downloads them back as tar parts', async () => {
    const binary = Buffer.from([0, 255, 13, 10, 45, 45, 1]);
    const upload = await signedRaw(
      deployment,
      ALICE,
      'POST',
      '/session/alice-files/upload',
      multipart([
        { name: 'main.py', content: 'print("hi")\n' },
        { name: 'data/blob.bin', content: binary },
        { name: '/home/work/data/abs.txt', content: 'absolute' },
      ]),
    );
    expect(upload.status, upload.bytes.toString()).to.equal(204);
    const work = deployment.agent.workFolderOf(aliceKernel);
    expect(readFileSync(join(work, 'data/blob.bin')).equals(binary)).to.equal(true);

    const listing = await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/files?path=data');
    expect(listing.status).to.equal(200);
    const body = listing.json();
    expect(body['abspath']).to.equal('/home/work/data');
    expect(body['errors']).to.equal('');
    expect(typeof body['files']).to.equal('string'); // upstream's JSON-in-a-string
    const entries = JSON.parse(body['files'] as string) as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e['filename'], e['size'], e['mode']])).to.deep.equal([
      ['abs.txt', 8, '-rw-r--r--'],
      ['blob.bin', binary.length, '-rw-r--r--'],
    ]);
    for (const entry of entries) expect(entry).to.include.keys('ctime', 'mtime', 'atime');
    // The Python SDK sends the path as a JSON body on the GET.
    const root = await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/files', json({ path: '.' }));
    expect(
      JSON.parse(root.json()['files'] as string).map((e: { filename: string }) => e.filename),
    ).to.deep.equal(['data', 'main.py']);

    const download = await signedRaw(
      deployment,
      ALICE,
      'GET',
      '/session/alice-files/download?files=main.py&files=%2Fhome%2Fwork%2Fdata',
    );
    expect(download.status).to.equal(200);
    expect(download.contentType).to.match(/^multipart\/mixed; boundary=/);
    const parts = mixedParts(download);
    expect(parts).to.have.length(2);
    for (const [index, part] of parts.entries()) {
      expect(part.headers).to.match(/Content-Encoding: identity/);
      const tarFile = join(scratch, `part-${index}.tar`);
      writeFileSync(tarFile, part.body);
      const out = join(scratch, `out-${index}`);
      execFileSync('mkdir', ['-p', out]);
      execFileSync('tar', ['-xf', tarFile, '-C', out]);
    }
    expect(readFileSync(join(scratch, 'out-0/main.py'), 'utf8')).to.equal('print("hi")\n');
    expect(readFileSync(join(scratch, 'out-1/data/blob.bin')).equals(binary)).to.equal(true);
    expect(readFileSync(join(scratch, 'out-1/data/abs.txt'), 'utf8')).to.equal('absolute');

    const single = await signedRaw(
      deployment,
      ALICE,
      'GET',
      '/session/alice-files/download_single?file=data/blob.bin',
    );
    expect(single.status).to.equal(200);
    expect(single.bytes.equals(binary)).to.equal(true);
  });

  it('overwrites on a second upload', async () => {
    for (const content of ['one', 'two']) {
      const answer = await signedRaw(
        deployment,
        ALICE,
        'POST',
        '/session/alice-files/upload',
        multipart([{ name: 'again.txt', content }]),
      );
      expect(answer.status).to.equal(204);
    }
    const single = await signedRaw(
      deployment,
      ALICE,
      'GET',
      '/session/alice-files/download_single?file=again.txt',
    );
    expect(single.bytes.toString()).to.equal('two');
  });

  it('refuses more than 20 files, a file over 1 MiB, and more than 5 download paths with 400 naming the field', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `many/${i}.txt`, content: `${i}` }));
    const tooMany = await signedRaw(
      deployment,
      ALICE,
      'POST',
      '/session/alice-files/upload',
      multipart(many),
    );
    expect(tooMany.status).to.equal(400);
    expect(JSON.stringify(tooMany.json()))
      .to.match(/Too many files/)
      .and.to.match(/src/);

    const big = multipart([{ name: 'big.bin', content: Buffer.alloc(1024 * 1024 + 1, 1) }]);
    const tooLarge = await signedRaw(deployment, ALICE, 'POST', '/session/alice-files/upload', big);
    expect(tooLarge.status).to.equal(400);
    expect(JSON.stringify(tooLarge.json()))
      .to.match(/Too large file/)
      .and.to.match(/big\.bin/);

    const exactly = multipart([{ name: 'max.bin', content: Buffer.alloc(1024 * 1024, 1) }]);
    expect(
      (await signedRaw(deployment, ALICE, 'POST', '/session/alice-files/upload', exactly)).status,
    ).to.equal(204);

    const query = ['a', 'b', 'c', 'd', 'e', 'f'].map((f) => `files=${f}`).join('&');
    const sixPaths = await signedRaw(deployment, ALICE, 'GET', `/session/alice-files/download?${query}`);
    expect(sixPaths.status).to.equal(400);
    expect(JSON.stringify(sixPaths.json())).to.match(/files/);
    // Nothing of the refused uploads was written.
    const listing = await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/files');
    const names = JSON.parse(listing.json()['files'] as string).map((e: { filename: string }) => e.filename);
    expect(names).to.not.include.members(['many', 'big.bin']);
  });

  it('refuses paths that leave /home/work, lexically or through a planted symlink', async () => {
    const traversal = await signedRaw(
      deployment,
      ALICE,
      'POST',
      '/session/alice-files/upload',
      multipart([{ name: '../../etc/evil.txt', content: 'x' }]),
    );
    expect(traversal.status).to.equal(400);
    expect(JSON.stringify(traversal.json())).to.contain('../../etc/evil.txt');
    const absolute = await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/files?path=/etc');
    expect(absolute.status).to.equal(400);
    const download = await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/download?files=../x');
    expect(download.status).to.equal(400);

    // The kernel's user planted a link to a host folder: the agent refuses to go through it.
    const outside = mkdtempSync(join(tmpdir(), 'tessera-outside-'));
    try {
      writeFileSync(join(outside, 'secret.txt'), 'host secret');
      symlinkSync(outside, join(deployment.agent.workFolderOf(aliceKernel), 'escape'));
      const write = await signedRaw(
        deployment,
        ALICE,
        'POST',
        '/session/alice-files/upload',
        multipart([{ name: 'escape/planted.txt', content: 'x' }]),
      );
      expect(write.status).to.equal(400);
      expect(JSON.stringify(write.json())).to.match(/symlink/);
      const read = await signedRaw(
        deployment,
        ALICE,
        'GET',
        '/session/alice-files/download_single?file=escape/secret.txt',
      );
      expect(read.status).to.equal(400);
      expect(read.bytes.toString()).to.not.contain('host secret');
      const list = await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/files?path=escape');
      expect(list.status).to.equal(400);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('answers 404 for a missing folder or file', async () => {
    expect(
      (await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/files?path=nope')).status,
    ).to.equal(404);
    expect(
      (await signedRaw(deployment, ALICE, 'GET', '/session/alice-files/download?files=nope.txt')).status,
    ).to.equal(404);
  });

  it('completes code: pri suggests print', async () => {
    const answer = await signedRaw(
      deployment,
      ALICE,
      'POST',
      '/session/alice-files/complete',
      json({ code: 'pri', options: { post: '\nprint("world")\n', line: 'pri', row: 0, col: 3 } }),
    );
    expect(answer.status).to.equal(200);
    expect(answer.json()).to.deep.equal({ result: ['print'] });
    const last = deployment.agent.completions.at(-1)!;
    expect(last).to.deep.equal({
      kernelId: aliceKernel,
      request: { code: 'pri', options: { post: '\nprint("world")\n', line: 'pri', row: 0, col: 3 } },
    });
    const bad = await signedRaw(
      deployment,
      ALICE,
      'POST',
      '/session/alice-files/complete',
      json({ code: 1 }),
    );
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.json())).to.match(/code/);
  });

  it('gives another user nothing of the session: 404 for each route, nothing read or written', async () => {
    const work = deployment.agent.workFolderOf(aliceKernel);
    const completionsBefore = deployment.agent.completions.length;
    const attempts = [
      await signedRaw(
        deployment,
        BOB,
        'POST',
        '/session/alice-files/upload',
        multipart([{ name: 'bob.txt', content: 'x' }]),
      ),
      await signedRaw(deployment, BOB, 'GET', '/session/alice-files/files'),
      await signedRaw(deployment, BOB, 'GET', '/session/alice-files/download?files=main.py'),
      await signedRaw(deployment, BOB, 'GET', '/session/alice-files/download_single?file=main.py'),
      await signedRaw(deployment, BOB, 'POST', '/session/alice-files/complete', json({ code: 'pri' })),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).to.equal(404);
      expect(attempt.bytes.toString()).to.not.contain('print("hi")');
    }
    expect(() => readFileSync(join(work, 'bob.txt'))).to.throw(/ENOENT/);
    expect(deployment.agent.completions.length).to.equal(completionsBefore);
    // Acting for Alice needs an admin's keypair.
    const asOwner = await signedRaw(
      deployment,
      BOB,
      'GET',
      `/session/alice-files/files?owner_access_key=${ALICE.accessKey}`,
    );
    expect(asOwner.status).to.equal(403);
  });
});
