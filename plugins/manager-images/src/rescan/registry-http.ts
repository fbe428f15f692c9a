import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RegistryConfig } from '../registries/registry-config';

/** One answer of the registry: status, headers and the whole body. */
export interface RegistryAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** A GET over node:http(s), so that `ssl-verify: false` can accept a registry's self-signed certificate. */
function get(
  url: URL,
  headers: Record<string, string>,
  verifyTls: boolean,
  signal: AbortSignal,
): Promise<RegistryAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'GET',
        headers,
        signal,
        timeout: TIMEOUT_MS,
        ...(url.protocol === 'https:' ? { rejectUnauthorized: verifyTls } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            res.destroy(new Error(`${url.pathname}: answer larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${url.host} did not answer within ${TIMEOUT_MS / 1000}s`)),
    );
    req.on('error', reject);
    req.end();
  });
}

/** `Bearer realm="...",service="...",scope="..."` into its parameters. */
function challengeOf(header: string | undefined): { scheme: string; params: Record<string, string> } | null {
  if (!header) return null;
  const match = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const [, key, value] of match[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[key!.toLowerCase()] = value!;
  return { scheme: match[1]!.toLowerCase(), params };
}

/**
 * A client of the Docker Registry HTTP API v2 for one registry: basic auth, or the bearer tokens
 * its `WWW-Authenticate` challenges ask for (fetched with the credentials, cached per scope), and
 * redirects to blob storage followed without the registry's credentials.
 */
export class RegistryHttp {
  private readonly base: URL;
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(
    private readonly registry: RegistryConfig,
    private readonly signal: AbortSignal,
  ) {
    this.base = new URL(registry.url.endsWith('/') ? registry.url : `${registry.url}/`);
  }

  private get basicCredentials(): string | null {
    if (this.registry.username === null) return null;
    return Buffer.from(`${this.registry.username}:${this.registry.password ?? ''}`).toString('base64');
  }

  /** GETs `path` (with query) under the registry URL; `scope` is the token scope it needs. */
  async get(path: string, scope: string, accept?: string): Promise<RegistryAnswer> {
    let url = new URL(path.replace(/^\//, ''), this.base);
    const headers = (): Record<string, string> => {
      const h: Record<string, string> = { 'User-Agent': 'tessera-manager' };
      if (accept) h['Accept'] = accept;
      const token = this.tokens.get(scope);
      const basic = this.basicCredentials;
      if (token) h['Authorization'] = `Bearer ${token}`;
      else if (this.basic && basic) h['Authorization'] = `Basic ${basic}`;
      return h;
    };
    let answer = await get(url, headers(), this.registry.sslVerify, this.signal);
    if (answer.status === 401) {
      const challenge = challengeOf(answer.headers['www-authenticate'] as string | undefined);
      if (challenge?.scheme === 'bearer' && challenge.params['realm']) {
        await this.fetchToken(challenge.params, scope);
      } else if (challenge?.scheme === 'basic' && this.basicCredentials) {
        this.basic = true;
      } else {
        return answer;
      }
      answer = await get(url, headers(), this.registry.sslVerify, this.signal);
    }
    for (let hops = 0; hops < 3 && [301, 302, 303, 307, 308].includes(answer.status); hops++) {
      const location = answer.headers.location;
      if (!location) break;
      const next = new URL(location, url);
      const sameHost = next.host === this.base.host;
      url = next;
      answer = await get(
        url,
        sameHost ? headers() : { 'User-Agent': 'tessera-manager' },
        this.registry.sslVerify,
        this.signal,
      );
    }
    return answer;
  }

  private async fetchToken(params: Record<string, string>, scope: string): Promise<void> {
    const realm = new URL(params['realm']!);
    if (params['service']) realm.searchParams.set('service', params['service']);
    realm.searchParams.set('scope', params['scope'] ?? scope);
    const headers: Record<string, string> = { 'User-Agent': 'tessera-manager' };
    const basic = this.basicCredentials;
    if (basic) headers['Authorization'] = `Basic ${basic}`;
    const answer = await get(realm, headers, this.registry.sslVerify, this.signal);
    if (answer.status !== 200)
      throw new Error(`the token service ${realm.origin} refused the credentials (status ${answer.status})`);
    const body = JSON.parse(answer.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`the token service ${realm.origin} answered no token`);
    this.tokens.set(scope, token);
  }
}

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return null;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(value);
  return match ? match[1]! : null;
}
