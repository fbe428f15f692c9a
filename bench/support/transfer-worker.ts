/**
 * The storage benchmark's HTTP client, in a process of its own (forked by `TransferClient`) so
 * that it does not share an event loop with the storage proxy the benchmark runs in process, as
 * it does not share one with nginx. Each request from the parent is one whole transfer, timed
 * here, from the first byte sent to the last byte received; the answer goes back over IPC.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { TransferOrder, TransferResult } from './transfer-client';

/** Reads of the file being uploaded, and what a socket is handed at a time. */
const READ_CHUNK = 1024 * 1024;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request; the body is a byte range of `file` (inclusive `start`..`end`) or none. */
function exchange(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: { file: string; start: number; end: number },
): Promise<Answer> {
  return new Promise((done, fail) => {
    const outgoing = request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < 4096) chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('end', () =>
        done({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, 4096).toString('utf8'),
        }),
      );
      response.on('error', fail);
    });
    outgoing.on('error', fail);
    if (!body) {
      outgoing.end();
      return;
    }
    const source = createReadStream(body.file, {
      start: body.start,
      end: body.end,
      highWaterMark: READ_CHUNK,
    });
    source.on('error', fail);
    source.pipe(outgoing);
  });
}

function expectStatus(answer: Answer, expected: number[], what: string): void {
  if (!expected.includes(answer.status))
    throw new Error(`${what} answered ${answer.status}, not ${expected.join('/')}: ${answer.body}`);
}

/** A single PUT of the whole file (nginx's dav module). */
async function put(order: Extract<TransferOrder, { op: 'put' }>): Promise<TransferResult> {
  const started = performance.now();
  const answer = await exchange(
    order.url,
    'PUT',
    { 'Content-Length': String(order.size), 'Content-Type': 'application/octet-stream' },
    { file: order.file, start: 0, end: order.size - 1 },
  );
  const ms = performance.now() - started;
  expectStatus(answer, [201, 204], `PUT ${order.url}`);
  return { ms, bytes: order.size, requests: 1 };
}

/** tus 1.0.0 on a session that exists already: HEAD for the offset, then PATCHes of `chunk` bytes. */
async function tus(order: Extract<TransferOrder, { op: 'tus' }>): Promise<TransferResult> {
  const base = { 'Tus-Resumable': '1.0.0' };
  const started = performance.now();
  const head = await exchange(order.url, 'HEAD', base);
  expectStatus(head, [200, 204], `HEAD ${order.url}`);
  let offset = Number(head.headers['upload-offset']);
  if (!Number.isInteger(offset)) throw new Error(`HEAD ${order.url} sent no Upload-Offset`);
  let requests = 1;
  while (offset < order.size) {
    const length = Math.min(order.chunk, order.size - offset);
    const answer = await exchange(
      order.url,
      'PATCH',
      {
        ...base,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(length),
      },
      { file: order.file, start: offset, end: offset + length - 1 },
    );
    requests++;
    expectStatus(answer, [204, 200], `PATCH ${order.url} at ${offset}`);
    const next = Number(answer.headers['upload-offset']);
    if (next !== offset + length)
      throw new Error(`PATCH at ${offset} of ${length} bytes answered Upload-Offset ${next}`);
    offset = next;
  }
  const ms = performance.now() - started;
  return { ms, bytes: order.size, requests };
}

/** A GET whose body is counted (and hashed when asked) and dropped. */
function get(order: Extract<TransferOrder, { op: 'get' }>): Promise<TransferResult> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const hash = order.sha256 ? createHash('sha256') : undefined;
    const outgoing = request(order.url, { method: 'GET', agent }, (response) => {
      let bytes = 0;
      if (response.statusCode !== 200) {
        response.resume();
        fail(new Error(`GET ${order.url} answered ${response.statusCode}, not 200`));
        return;
      }
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash?.update(chunk);
      });
      response.on('end', () => {
        const ms = performance.now() - started;
        done({ ms, bytes, requests: 1, ...(hash ? { sha256: hash.digest('hex') } : {}) });
      });
      response.on('error', fail);
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

function run(order: TransferOrder): Promise<TransferResult> {
  switch (order.op) {
    case 'put':
      return put(order);
    case 'tus':
      return tus(order);
    case 'get':
      return get(order);
  }
}

process.on('message', (message: { id: number; order: TransferOrder }) => {
  run(message.order).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) =>
      process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
