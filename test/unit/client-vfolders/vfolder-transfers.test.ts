import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiConfig,
  BackendAPIError,
  BackendClientError,
  Client,
  FileTransferStateStore,
  PART_SUFFIX,
} from '@tessera/client';
import { ManagerStandIn, type RecordedRequest, type StandInAnswer } from '../client/support/manager-stand-in';
import { FakeStorageProxy } from './support/fake-storage-proxy';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Uploads and downloads through `client.vfolders` against a stand-in manager (request-upload and
 * request-download) and a stand-in storage proxy: the state kept between runs, resuming after an
 * interruption, and starting over when the proxy no longer knows the upload or the file changed.
 */
describe('client.vfolders: resumable uploads and downloads', function () {
  this.timeout(20_000);
  let proxy: FakeStorageProxy;
  let manager: ManagerStandIn;
  let client: Client;
  let work: string;
  let store: FileTransferStateStore;
  let content: Buffer;
  let lastToken = '';
  let downloadVersion = new Date(0).toUTCString();

  const answer = (request: RecordedRequest): StandInAnswer => {
    const body = request.json as { path: string; size?: number };
    if (request.path === '/folders/data/request-upload') {
      lastToken = proxy.issueUpload(body.size!);
      return { status: 200, body: { token: lastToken, url: `${proxy.url}/upload` } };
    }
    if (request.path === '/folders/data/request-download') {
      return {
        status: 200,
        body: { token: proxy.issueDownload(content, downloadVersion), url: `${proxy.url}/download` },
      };
    }
    return {
      status: 404,
      body: { type: 'https://api.backend.ai/probs/vfolder-not-found', title: 'no such folder' },
    };
  };

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-vfolder-transfer-'));
    store = new FileTransferStateStore(join(work, 'state'));
    proxy = new FakeStorageProxy();
    await proxy.start();
    manager = new ManagerStandIn(answer);
    const endpoint = await manager.start();
    client = new Client(
      new ApiConfig({ endpoints: [endpoint], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
    );
    content = randomBytes(3 * 1024 * 1024 + 17);
    downloadVersion = new Date(0).toUTCString();
  });
  afterEach(async () => {
    await manager.stop();
    await proxy.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const stateFiles = (): string[] => (existsSync(store.directory) ? readdirSync(store.directory) : []);

  it('uploads with request-upload then tus HEAD and PATCHes of chunkSize, and forgets the state after', async () => {
    const local = join(work, 'blob.bin');
    writeFileSync(local, content);
    const seen: Array<[number, number]> = [];
    const done = await client.vfolders.upload('data', local, {
      remotePath: 'in/blob.bin',
      chunkSize: 1024 * 1024,
      stateStore: store,
      onProgress: (sent, total) => seen.push([sent, total]),
    });
    expect(done).to.deep.equal({ remotePath: 'in/blob.bin', size: content.length, resumedFrom: 0 });
    expect(sha256(proxy.received(lastToken))).to.equal(sha256(content));
    expect(manager.requests.map((request) => [request.method, request.path, request.json])).to.deep.equal([
      ['POST', '/folders/data/request-upload', { path: 'in/blob.bin', size: content.length }],
    ]);
    const methods = proxy.requests.map((request) => request.method);
    expect(methods[0]).to.equal('HEAD');
    expect(methods.filter((method) => method === 'PATCH')).to.have.length(4);
    expect(seen[seen.length - 1]).to.deep.equal([content.length, content.length]);
    expect(stateFiles(), 'no state left once done').to.deep.equal([]);
  });

  it("after an interruption the same call resumes from the proxy's offset with the same token", async () => {
    const local = join(work, 'blob.bin');
    writeFileSync(local, content);
    const cancel = new AbortController();
    const first = client.vfolders.upload('data', local, {
      chunkSize: 256 * 1024,
      stateStore: store,
      signal: cancel.signal,
      onProgress: (sent) => {
        if (sent >= 1024 * 1024) cancel.abort();
      },
    });
    const failure = await first.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(BackendClientError).with.property('reason', 'aborted');
    expect(stateFiles(), 'the token is kept for the next run').to.have.length(1);
    const offset = proxy.uploads.get(lastToken)!.offset;
    expect(offset).to.be.greaterThan(0).and.lessThan(content.length);

    const second = await client.vfolders.upload('data', local, { chunkSize: 256 * 1024, stateStore: store });
    expect(second.resumedFrom)
      .to.be.at.least(offset - 256 * 1024)
      .and.greaterThan(0);
    expect(manager.requests.filter((request) => request.path.endsWith('/request-upload'))).to.have.length(1);
    expect(sha256(proxy.received(lastToken))).to.equal(sha256(content));
    expect(stateFiles()).to.deep.equal([]);
  });

  it('a token the proxy no longer knows gets one fresh request-upload, from offset 0', async () => {
    const local = join(work, 'blob.bin');
    writeFileSync(local, content);
    const cancel = new AbortController();
    await client.vfolders
      .upload('data', local, {
        chunkSize: 256 * 1024,
        stateStore: store,
        signal: cancel.signal,
        onProgress: (sent) => sent > 0 && cancel.abort(),
      })
      .catch(() => undefined);
    proxy.uploads.clear(); // the proxy restarted without its sessions, or the token expired
    const done = await client.vfolders.upload('data', local, { stateStore: store });
    expect(done.resumedFrom).to.equal(0);
    expect(manager.requests.filter((request) => request.path.endsWith('/request-upload'))).to.have.length(2);
    expect(sha256(proxy.received(lastToken))).to.equal(sha256(content));
  });

  it('a changed local file is a different upload (size and mtime are part of the key)', async () => {
    const local = join(work, 'blob.bin');
    writeFileSync(local, content);
    const cancel = new AbortController();
    await client.vfolders
      .upload('data', local, {
        chunkSize: 256 * 1024,
        stateStore: store,
        signal: cancel.signal,
        onProgress: () => cancel.abort(),
      })
      .catch(() => undefined);
    content = randomBytes(1024 * 1024);
    writeFileSync(local, content);
    const done = await client.vfolders.upload('data', local, { stateStore: store });
    expect(done).to.include({ resumedFrom: 0, size: content.length });
    expect(sha256(proxy.received(lastToken))).to.equal(sha256(content));
  });

  it('a refused request-upload surfaces as BackendAPIError, and nothing is kept', async () => {
    const local = join(work, 'blob.bin');
    writeFileSync(local, content);
    const failure = await client.vfolders
      .upload('nope', local, { stateStore: store })
      .catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(BackendAPIError).with.property('status', 404);
    expect(stateFiles()).to.deep.equal([]);
  });

  it('an empty file is one empty PATCH (tus-js-client would send none, and the proxy finishes on a PATCH)', async () => {
    const local = join(work, 'empty.bin');
    writeFileSync(local, '');
    const done = await client.vfolders.upload('data', local, { stateStore: store });
    expect(done).to.deep.equal({ remotePath: 'empty.bin', size: 0, resumedFrom: 0 });
    expect(proxy.requests.map((request) => [request.method, request.headers['upload-offset']])).to.deep.equal(
      [['PATCH', '0']],
    );
    expect(stateFiles()).to.deep.equal([]);
  });

  it('a PATCH the proxy refuses (a full quota) is a BackendAPIError with its problem type; the state stays', async () => {
    const local = join(work, 'blob.bin');
    writeFileSync(local, content);
    proxy.refusePatches = {
      status: 413,
      type: 'https://api.backend.ai/probs/storage/quota-exceeded',
      title: 'The folder or its volume is full',
    };
    const failure = await client.vfolders
      .upload('data', local, { stateStore: store })
      .catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(BackendAPIError);
    expect(failure).to.include({ status: 413, title: 'The folder or its volume is full' });
    expect((failure as BackendAPIError).problemSlug).to.equal('quota-exceeded');
    expect(stateFiles(), 'kept: after making room, the same call resumes').to.have.length(1);
  });

  it('downloads to <dest>.part and renames it; an existing destination is refused unless overwrite', async () => {
    const destination = join(work, 'out.bin');
    const progress: number[] = [];
    const done = await client.vfolders.download('data', 'blob.bin', destination, {
      stateStore: store,
      onProgress: (received) => progress.push(received),
    });
    expect(done).to.deep.equal({ path: destination, size: content.length, resumedFrom: 0 });
    expect(sha256(readFileSync(destination))).to.equal(sha256(content));
    expect(existsSync(`${destination}${PART_SUFFIX}`)).to.equal(false);
    expect(progress[progress.length - 1]).to.equal(content.length);
    expect(manager.requests[0]!.json).to.deep.equal({ path: 'blob.bin', archive: false });
    expect(stateFiles()).to.deep.equal([]);

    const refused = await client.vfolders
      .download('data', 'blob.bin', destination, { stateStore: store })
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(BackendClientError);
    expect((refused as Error).message).to.include('already exists');
    await client.vfolders.download('data', 'blob.bin', destination, { stateStore: store, overwrite: true });
  });

  it('a dropped connection continues with Range + If-Range in the same call', async () => {
    proxy.cutDownloadAfter = 1024 * 1024;
    const destination = join(work, 'out.bin');
    const done = await client.vfolders.download('data', 'blob.bin', destination, { stateStore: store });
    expect(done.size).to.equal(content.length);
    expect(sha256(readFileSync(destination))).to.equal(sha256(content));
    const gets = proxy.requests.filter((request) => request.path === '/download');
    expect(gets).to.have.length(2);
    expect(gets[1]!.headers.range).to.match(/^bytes=\d+-$/);
    expect(gets[1]!.headers['if-range']).to.equal(downloadVersion);
  });

  it('an interrupted download resumes in the next call (206); a changed file starts over (200)', async () => {
    const destination = join(work, 'out.bin');
    const cancel = new AbortController();
    const failure = await client.vfolders
      .download('data', 'blob.bin', destination, {
        stateStore: store,
        signal: cancel.signal,
        onProgress: (received) => received >= 512 * 1024 && cancel.abort(),
      })
      .catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(BackendClientError).with.property('reason', 'aborted');
    const partial = readFileSync(`${destination}${PART_SUFFIX}`).length;
    expect(partial).to.be.greaterThan(0).and.lessThan(content.length);
    expect(stateFiles()).to.have.length(1);

    const resumed = await client.vfolders.download('data', 'blob.bin', destination, { stateStore: store });
    expect(resumed.resumedFrom).to.equal(partial);
    expect(sha256(readFileSync(destination))).to.equal(sha256(content));

    // Again, but the file changes between the two runs: If-Range no longer matches.
    rmSync(destination);
    const again = new AbortController();
    await client.vfolders
      .download('data', 'blob.bin', destination, {
        stateStore: store,
        signal: again.signal,
        onProgress: (received) => received >= 512 * 1024 && again.abort(),
      })
      .catch(() => undefined);
    content = randomBytes(2 * 1024 * 1024);
    downloadVersion = new Date(86_400_000).toUTCString();
    const restarted = await client.vfolders.download('data', 'blob.bin', destination, { stateStore: store });
    expect(restarted).to.include({ resumedFrom: 0, size: content.length });
    expect(sha256(readFileSync(destination))).to.equal(sha256(content));
  });

  it('BACKEND_OVERRIDE_STORAGE_PROXY sends the transfer to the address given, not the one handed out', async () => {
    const handedOut = 'http://10.255.255.1:6021';
    const rewriting = new ManagerStandIn((request) => {
      const reply = answer(request);
      const body = reply.body as { url?: string };
      if (body?.url) body.url = body.url.replace(proxy.url, handedOut);
      return reply;
    });
    const endpoint = await rewriting.start();
    try {
      const overridden = Client.fromEnv({
        BACKEND_ENDPOINT: endpoint,
        BACKEND_ACCESS_KEY: ACCESS_KEY,
        BACKEND_SECRET_KEY: SECRET_KEY,
        BACKEND_OVERRIDE_STORAGE_PROXY: `${handedOut}=${proxy.url}`,
      });
      const destination = join(work, 'out.bin');
      await overridden.vfolders.download('data', 'blob.bin', destination, { stateStore: store });
      expect(sha256(readFileSync(destination))).to.equal(sha256(content));
      const local = join(work, 'up.bin');
      writeFileSync(local, content);
      await overridden.vfolders.upload('data', local, { stateStore: store });
      expect(sha256(proxy.received(lastToken))).to.equal(sha256(content));
    } finally {
      await rewriting.stop();
    }
  });
});
