import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface UploadSession {
  size: number;
  chunks: Buffer[];
  offset: number;
}

interface Download {
  content: Buffer;
  lastModified: string;
}

/**
 * The storage proxy's client API as the SDK sees it, reduced to what a transfer needs: tus 1.0
 * HEAD/PATCH on `/upload?token=` (no creation; bytes are kept as they arrive, so a cut request
 * leaves a partial offset as the real proxy does) and `/download?token=` with Range and If-Range.
 * It stands in for the real proxy only in the SDK's unit tests.
 */
export class FakeStorageProxy {
  readonly uploads = new Map<string, UploadSession>();
  readonly downloads = new Map<string, Download>();
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = [];
  /** Cut every download response after this many body bytes (once), as a dropped connection. */
  cutDownloadAfter: number | null = null;
  /** Stop reading PATCH bodies once an upload holds this many bytes (a slow link, for interrupting). */
  stallUploadsAt: number | null = null;
  /** Answer PATCHes with this problem (a full quota, say) without storing anything. */
  refusePatches: { status: number; type: string; title: string } | null = null;
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  issueUpload(size: number): string {
    const token = randomUUID();
    this.uploads.set(token, { size, chunks: [], offset: 0 });
    return token;
  }

  issueDownload(content: Buffer, lastModified = new Date(0).toUTCString()): string {
    const token = randomUUID();
    this.downloads.set(token, { content, lastModified });
    return token;
  }

  received(token: string): Buffer {
    return Buffer.concat(this.uploads.get(token)?.chunks ?? []);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    this.requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    const token = url.searchParams.get('token') ?? '';
    if (url.pathname === '/upload') return this.upload(req, res, token);
    if (url.pathname === '/download' && req.method === 'GET') return this.download(req, res, token);
    res.writeHead(404).end();
  }

  private upload(req: IncomingMessage, res: ServerResponse, token: string): void {
    const tus = { 'Tus-Resumable': '1.0.0' };
    const session = this.uploads.get(token);
    if (!session) {
      req.resume();
      res.writeHead(404, { ...tus, 'Content-Type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'https://api.backend.ai/probs/storage/invalid-token',
          title: 'unknown token',
          status: 404,
        }),
      );
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, {
        ...tus,
        'Upload-Offset': String(session.offset),
        'Upload-Length': String(session.size),
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (req.method !== 'PATCH') {
      req.resume();
      res.writeHead(405, tus).end();
      return;
    }
    if (this.refusePatches) {
      req.resume();
      res.writeHead(this.refusePatches.status, { ...tus, 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify(this.refusePatches));
      return;
    }
    if (Number(req.headers['upload-offset']) !== session.offset) {
      req.resume();
      res.writeHead(409, tus).end();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      const room = session.size - session.offset;
      const kept = chunk.subarray(0, Math.max(room, 0));
      session.chunks.push(kept);
      session.offset += kept.length;
      if (this.stallUploadsAt !== null && session.offset >= this.stallUploadsAt) req.pause();
    });
    req.on('end', () => {
      res.writeHead(204, { ...tus, 'Upload-Offset': String(session.offset) });
      res.end();
    });
  }

  private download(req: IncomingMessage, res: ServerResponse, token: string): void {
    const file = this.downloads.get(token);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'https://api.backend.ai/probs/storage/invalid-token',
          title: 'unknown token',
          status: 404,
        }),
      );
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    const ifRange = req.headers['if-range'];
    const headers = { 'Last-Modified': file.lastModified, 'Accept-Ranges': 'bytes' };
    let body = file.content;
    if (range && (ifRange === undefined || ifRange === file.lastModified)) {
      const start = Number(range[1]);
      if (start >= file.content.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${file.content.length}` }).end();
        return;
      }
      body = file.content.subarray(start);
      res.writeHead(206, {
        ...headers,
        'Content-Length': String(body.length),
        'Content-Range': `bytes ${start}-${file.content.length - 1}/${file.content.length}`,
      });
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
    }
    const cut = this.cutDownloadAfter;
    if (cut !== null && cut < body.length) {
      this.cutDownloadAfter = null;
      res.write(body.subarray(0, cut), () => res.destroy());
      return;
    }
    res.end(body);
  }
}
