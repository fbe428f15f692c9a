import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { READ_CHUNK, sendFileRange } from '@tessera/storage-proxy';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Serves `path` on loopback: each request sends `range(size)` of the file with sendFileRange and
 * records how the send settled.
 */
async function serve(path: string, range: (size: number) => [number, number]) {
  const settled: Array<Promise<unknown>> = [];
  const server: Server = createServer((_req, res) => {
    settled.push(
      (async () => {
        const handle: FileHandle = await open(path);
        try {
          const size = (await handle.stat()).size;
          const [start, end] = range(size);
          res.writeHead(200, { 'Content-Length': end - start + 1 });
          await sendFileRange(handle, res, start, end);
        } finally {
          await handle.close();
        }
      })().then(
        () => 'sent',
        (error: unknown) => error,
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, settled, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * The body of a GET, or the error that cut it short. A `slow` reader lets a turn of the event loop
 * pass after each chunk, so the socket fills and the sender has to wait for it.
 */
function fetchBody(url: string, slow = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (slow) {
          res.pause();
          setImmediate(() => res.resume());
        }
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    }).on('error', reject);
  });
}

describe('storage-proxy: sending a file through reused buffers (sendFileRange)', function () {
  this.timeout(20_000);
  let dir: string;
  let path: string;
  // Several times the buffers a download cycles through, and not a multiple of a buffer.
  const data = randomBytes(READ_CHUNK * 9 + 12_345);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-file-sender-'));
    path = join(dir, 'data.bin');
    writeFileSync(path, data);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends every byte in order, whole or a range across buffer boundaries', async () => {
    const whole = await serve(path, (size) => [0, size - 1]);
    try {
      expect(sha256(await fetchBody(whole.url))).to.equal(sha256(data));
      expect(await Promise.all(whole.settled)).to.deep.equal(['sent']);
    } finally {
      await whole.close();
    }
    const [start, end] = [READ_CHUNK - 7, READ_CHUNK * 5 + 3];
    const part = await serve(path, () => [start, end]);
    try {
      const body = await fetchBody(part.url);
      expect(body.length).to.equal(end - start + 1);
      expect(body.equals(data.subarray(start, end + 1))).to.equal(true);
    } finally {
      await part.close();
    }
  });

  it('never reuses a buffer before the socket has taken it, with a slow reader', async () => {
    // Far more than the socket buffers of a loopback connection hold.
    const big = randomBytes(48 * 1024 * 1024);
    writeFileSync(path, big);
    const server = await serve(path, (size) => [0, size - 1]);
    try {
      expect(sha256(await fetchBody(server.url, true))).to.equal(sha256(big));
    } finally {
      await server.close();
    }
  });

  it('sends a range smaller than one buffer, and a single byte', async () => {
    for (const [start, end] of [
      [10, 99],
      [data.length - 1, data.length - 1],
    ] as const) {
      const server = await serve(path, () => [start, end]);
      try {
        expect((await fetchBody(server.url)).equals(data.subarray(start, end + 1))).to.equal(true);
      } finally {
        await server.close();
      }
    }
  });

  it('fails, and cuts the response short, when the file ends before the bytes announced', async () => {
    // Announces 1 MiB more than the file holds (a file truncated while it is being sent).
    const server = await serve(path, (size) => [0, size - 1 + 1024 * 1024]);
    try {
      const answer = await fetchBody(server.url).then(
        (body) => `a body of ${body.length} bytes`,
        () => 'cut short',
      );
      expect(answer).to.equal('cut short');
      const [outcome] = await Promise.all(server.settled);
      expect(String(outcome)).to.include(`the file ended at byte ${data.length}`);
    } finally {
      await server.close();
    }
  });

  it('stops without an error when the client goes away in the middle', async () => {
    const server = await serve(path, (size) => [0, size - 1]);
    try {
      await new Promise<void>((resolve, reject) => {
        const request = get(server.url, (res) => {
          res.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', reject);
      });
      expect(await Promise.all(server.settled)).to.deep.equal(['sent']);
    } finally {
      await server.close();
    }
  });
});
