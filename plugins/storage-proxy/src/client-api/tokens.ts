import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ProxyErrors } from '../proxy-errors';

/** What an upload token grants: one file of `size` bytes at `relpath`, staged as `session`. */
export interface UploadClaims {
  op: 'upload';
  volume: string;
  quota_scope_id: string;
  vfid: string;
  relpath: string;
  size: number;
  session: string;
}

/** What a download token grants: the file (or, with `archive`, the directory) at `relpath`. */
export interface DownloadClaims {
  op: 'download';
  volume: string;
  quota_scope_id: string;
  vfid: string;
  relpath: string;
  archive: boolean;
}

export type TokenClaims = UploadClaims | DownloadClaims;

/**
 * Signs and checks the client-facing API's tokens: HS256 JWTs (jose) with `exp` = issue time +
 * `sessionExpire`. A token names the volume, folder, path and operation; nothing in the request
 * besides it chooses what is read or written, so a token cannot be used for another folder or path.
 */
export class TokenIssuer {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly expireSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: TokenClaims): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + this.expireSeconds)
      .sign(this.key);
  }

  /** The claims of a valid token for `op`; 401 for a bad or expired token, 403 for another op. */
  async verify(token: unknown, op: 'upload'): Promise<UploadClaims>;
  async verify(token: unknown, op: 'download'): Promise<DownloadClaims>;
  async verify(token: unknown, op: TokenClaims['op']): Promise<TokenClaims> {
    if (typeof token !== 'string' || token.length === 0) {
      throw ProxyErrors.tokenInvalid('the token query parameter is missing');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp'] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw ProxyErrors.tokenInvalid('it has expired');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw ProxyErrors.tokenInvalid(
          'its signature does not match (tampered with, or not issued by this proxy)',
        );
      }
      throw ProxyErrors.tokenInvalid('it is not a well-formed HS256 JWT');
    }
    if (payload.op !== op) {
      throw ProxyErrors.tokenRefused(`it is a token for "${String(payload.op)}", not for "${op}"`);
    }
    for (const field of ['volume', 'quota_scope_id', 'vfid', 'relpath']) {
      if (typeof payload[field] !== 'string')
        throw ProxyErrors.tokenInvalid(`its "${field}" claim is missing`);
    }
    if (op === 'upload') {
      if (typeof payload.session !== 'string' || !/^[0-9a-f-]{36}$/.test(payload.session)) {
        throw ProxyErrors.tokenInvalid('its "session" claim is missing');
      }
      if (!Number.isSafeInteger(payload.size) || (payload.size as number) < 0) {
        throw ProxyErrors.tokenInvalid('its "size" claim is missing');
      }
    }
    return {
      ...(payload as unknown as TokenClaims),
      ...(op === 'download' ? { archive: payload.archive === true } : {}),
    } as TokenClaims;
  }
}
