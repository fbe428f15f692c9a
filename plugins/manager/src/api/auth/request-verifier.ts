import type { KeypairRecord, TesseraError } from '@tessera/core';
import { parseAuthorization, signatureMatches, type SignedFields } from '@tessera/signing';
import { ManagerErrors } from '../../manager-errors';
import { VALID_VERSIONS } from '../api-versions';
import { parseRequestDate } from './request-date';

/** What the verifier needs of an HTTP request. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as sent (`ctx.originalUrl`). */
  pathWithQuery: string;
  /** Header lookup by lowercase name; undefined when absent. */
  header(name: string): string | undefined;
}

export interface VerifierOptions {
  findKeypair(accessKey: string): Promise<KeypairRecord | null>;
  now(): Date;
  /** Largest allowed distance between the request date and now, in milliseconds. */
  maxClockSkewMs: number;
}

export type Verification =
  | { ok: true; keypair: KeypairRecord; version: string }
  | { ok: false; error: TesseraError; accessKey?: string; reason: string };

/**
 * Checks a Backend.AI-signed request (api-spec §1): the Authorization header, the date (±skew),
 * the version header (an exact supported version), the keypair (known and active) and the
 * signature (compared in constant time). The algorithm itself is @tessera/signing's; this decides
 * which headers feed it and what each failure answers. Failures are returned, with the error.
 */
export async function verifySignedRequest(
  request: SignedRequest,
  options: VerifierOptions,
): Promise<Verification> {
  const authorization = request.header('authorization');
  if (!authorization) return fail(ManagerErrors.authorizationMissing(), 'no Authorization header');
  const parsed = parseAuthorization(authorization);
  if (!parsed.ok) return fail(ManagerErrors.invalidAuthParams(parsed.reason), parsed.reason);
  const { accessKey, signature, algorithm } = parsed.value;

  const rawDate =
    request.header('date') ?? request.header('x-backendai-date') ?? request.header('x-sorna-date');
  if (!rawDate)
    return fail(
      ManagerErrors.invalidAuthParams('the Date or X-BackendAI-Date header is missing'),
      'no date',
      accessKey,
    );
  const date = parseRequestDate(rawDate);
  if (!date)
    return fail(
      ManagerErrors.invalidAuthParams(`cannot parse the request date "${rawDate}"`),
      'bad date',
      accessKey,
    );
  const skew = Math.abs(date.instant.getTime() - options.now().getTime());
  if (skew >= options.maxClockSkewMs) {
    return fail(
      ManagerErrors.invalidAuthParams(
        'date/time sync error: the request date is too far from the server clock',
      ),
      'clock skew',
      accessKey,
    );
  }

  const backendAiVersion = request.header('x-backendai-version');
  const version = backendAiVersion ?? request.header('x-sorna-version');
  if (!version)
    return fail(
      ManagerErrors.invalidAuthParams('API version missing in request headers'),
      'no version',
      accessKey,
    );
  if (!VALID_VERSIONS.has(version))
    return fail(ManagerErrors.unsupportedVersion(version), 'unsupported version', accessKey);

  const keypair = await options.findKeypair(accessKey);
  if (!keypair || !keypair.isActive) {
    return fail(
      ManagerErrors.authFailed('unknown or inactive access key'),
      keypair ? 'inactive keypair' : 'unknown access key',
      accessKey,
    );
  }

  // No body: every version accepted above signs the hash of an empty one.
  const fields: SignedFields = {
    method: request.method,
    ...signedLocation(request),
    rawDate,
    contentType: request.header('content-type'),
    versionHeader: backendAiVersion ? 'x-backendai-version' : 'x-sorna-version',
    apiVersion: version,
  };
  if (!signatureMatches(algorithm, keypair.secretKey, date.keyDate, fields, signature)) {
    return fail(ManagerErrors.authFailed('the signature does not match'), 'signature mismatch', accessKey);
  }
  return { ok: true, keypair, version };
}

function fail(error: TesseraError, reason: string, accessKey?: string): Verification {
  return { ok: false, error, reason, ...(accessKey ? { accessKey } : {}) };
}

/** Host and path as the client signed them: from X-Forwarded-URL when a proxy set it. */
function signedLocation(request: SignedRequest): { host: string; pathWithQuery: string } {
  const forwarded = request.header('x-forwarded-url');
  if (forwarded) {
    try {
      const url = new URL(forwarded);
      return { host: url.host, pathWithQuery: url.pathname + url.search };
    } catch {
      // An unparsable forwarded URL is ignored; the request's own host and path are used.
    }
  }
  return { host: request.header('host') ?? '', pathWithQuery: request.pathWithQuery };
}
