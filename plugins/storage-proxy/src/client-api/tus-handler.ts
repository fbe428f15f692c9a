import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyErrors } from '../proxy-errors';
import { CHECKSUM_ALGORITHMS, type UploadSessions } from '../uploads/upload-sessions';
import { CORS_HEADERS } from './cors';
import type { TokenIssuer } from './tokens';

const TUS_VERSION = '1.0.0';

/**
 * tus 1.0.0 on `/upload?token=`: OPTIONS (discovery), HEAD (offset and length) and PATCH
 * (append), plus the checksum extension; no creation (the manager's upload request created the
 * session). Written here rather than on @tus/server 2 for the reasons in docs/storage-proxy.md.
 */
export class TusHandler {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly uploads: UploadSessions,
    private readonly maxUploadSize: number,
  ) {}

  headers(): Record<string, string> {
    return { ...CORS_HEADERS, 'Tus-Resumable': TUS_VERSION, 'Cache-Control': 'no-store' };
  }

  options(res: ServerResponse): void {
    res.writeHead(204, {
      ...this.headers(),
      'Tus-Version': TUS_VERSION,
      'Tus-Max-Size': String(this.maxUploadSize),
      'Tus-Extension': 'checksum',
      'Tus-Checksum-Algorithm': Object.keys(CHECKSUM_ALGORITHMS).join(','),
    });
    res.end();
  }

  async head(req: IncomingMessage, res: ServerResponse, token: string | null): Promise<void> {
    requireTusVersion(req);
    const claims = await this.tokens.verify(token, 'upload');
    const offset = await this.uploads.offset(claims);
    res.writeHead(200, {
      ...this.headers(),
      'Upload-Offset': String(offset),
      'Upload-Length': String(claims.size),
    });
    res.end();
  }

  async patch(req: IncomingMessage, res: ServerResponse, token: string | null): Promise<void> {
    requireTusVersion(req);
    const claims = await this.tokens.verify(token, 'upload');
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/offset+octet-stream') {
      throw ProxyErrors.uploadBadRequest('A PATCH needs Content-Type: application/offset+octet-stream');
    }
    const offset = integerHeader(req, 'upload-offset');
    if (offset === undefined) throw ProxyErrors.uploadBadRequest('A PATCH needs an Upload-Offset header');
    const length = integerHeader(req, 'content-length');
    const declared = integerHeader(req, 'upload-length');
    if (declared !== undefined && declared !== claims.size) {
      throw ProxyErrors.uploadBadRequest(
        `Upload-Length ${declared} differs from the size the token grants (${claims.size})`,
      );
    }
    const result = await this.uploads.receive(claims, {
      offset,
      length,
      checksum: parseChecksum(req.headers['upload-checksum']),
      body: req,
    });
    res.writeHead(204, { ...this.headers(), 'Upload-Offset': String(result.offset) });
    res.end();
  }
}

function requireTusVersion(req: IncomingMessage): void {
  if (req.headers['tus-resumable'] !== TUS_VERSION) throw ProxyErrors.tusVersion();
}

function integerHeader(req: IncomingMessage, name: string): number | undefined {
  const value = req.headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) {
    throw ProxyErrors.uploadBadRequest(`${name} must be a non-negative integer`);
  }
  return Number(value);
}

function parseChecksum(
  value: string | string[] | undefined,
): { algorithm: string; digest: string } | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^([a-z0-9]+) ([A-Za-z0-9+/=]+)$/.exec(value.trim()) : null;
  if (!match) throw ProxyErrors.uploadBadRequest('Upload-Checksum must be "<algorithm> <base64 digest>"');
  if (!(match[1]! in CHECKSUM_ALGORITHMS)) {
    throw ProxyErrors.uploadBadRequest(
      `Upload-Checksum algorithm ${match[1]} is not supported (use ${Object.keys(CHECKSUM_ALGORITHMS).join(', ')})`,
    );
  }
  return { algorithm: match[1]!, digest: match[2]! };
}
