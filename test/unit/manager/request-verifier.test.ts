import { expect } from 'chai';
import type { KeypairRecord } from '@tessera/core';
import { verifySignedRequest, type SignedRequest, type Verification } from '@tessera/manager';
import { computeSignature, isoKeyDate } from '@tessera/signing';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2024-01-02T03:04:05Z');

function keypair(overrides: Partial<KeypairRecord> = {}): KeypairRecord {
  return {
    accessKey: 'AKIAIOSFODNN7EXAMPLE',
    secretKey: SECRET,
    userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    userEmail: 'admin@lablup.com',
    userRole: 'superadmin',
    domainName: 'default',
    isActive: true,
    isAdmin: true,
    rateLimit: 30000,
    resourcePolicy: 'default',
    ...overrides,
  };
}

/** The §1.8 "modern POST /session" request, with headers as a client sends them. */
function request(
  headers: Record<string, string | undefined>,
  method = 'POST',
  path = '/session',
): SignedRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, pathWithQuery: path, header: (name) => lower[name] };
}

const VALID_HEADERS = {
  Host: 'api.example.com',
  Date: '2024-01-02T03:04:05.678901+00:00',
  'Content-Type': 'application/json',
  'X-BackendAI-Version': 'v9.20250722',
  Authorization:
    'BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:868062d7b7e92b7cda8f2b11ff26b99bb868c7fdb385139c0a87fb10f76ed592',
};

async function verify(
  req: SignedRequest,
  options: { keypairs?: KeypairRecord[]; now?: Date } = {},
): Promise<Verification> {
  const keypairs = options.keypairs ?? [keypair()];
  return verifySignedRequest(req, {
    findKeypair: async (accessKey) => keypairs.find((k) => k.accessKey === accessKey) ?? null,
    now: () => options.now ?? NOW,
    maxClockSkewMs: 15 * 60 * 1000,
  });
}

function expectRefused(result: Verification, code: string, status: number): void {
  expect(result.ok, 'request should be refused').to.equal(false);
  if (result.ok) return;
  expect(result.error.code).to.equal(code);
  expect(result.error.status).to.equal(status);
}

describe('manager: signed request verification', () => {
  it('accepts the recomputed §1.8 POST /session vector and names the keypair and version', async () => {
    const result = await verify(request(VALID_HEADERS));
    expect(result.ok).to.equal(true);
    if (result.ok) {
      expect(result.keypair.accessKey).to.equal('AKIAIOSFODNN7EXAMPLE');
      expect(result.version).to.equal('v9.20250722');
    }
  });

  it('accepts the §1.8 GET vector: query string in the path, port in the host', async () => {
    const result = await verify(
      request(
        {
          Host: '127.0.0.1:8091',
          Date: '2024-01-02T03:04:05.678901+00:00',
          'Content-Type': 'application/json; charset=UTF-8',
          'X-BackendAI-Version': 'v8.20240915',
          Authorization:
            'BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1',
        },
        'GET',
        '/folders?group_id=abc',
      ),
    );
    expect(result.ok, 'charset must not take part in the signature').to.equal(true);
  });

  it('uses X-BackendAI-Date when Date is absent, and Date when both are present', async () => {
    const { Date: date, ...rest } = VALID_HEADERS;
    expect((await verify(request({ ...rest, 'X-BackendAI-Date': date }))).ok).to.equal(true);
    expect(
      (await verify(request({ ...VALID_HEADERS, 'X-BackendAI-Date': '2024-01-02T03:04:06Z' }))).ok,
    ).to.equal(true);
  });

  it('signs the raw date string: the same instant written differently does not verify', async () => {
    expectRefused(
      await verify(request({ ...VALID_HEADERS, Date: '2024-01-02T03:04:05.678901Z' })),
      'auth-failed',
      401,
    );
  });

  it('refuses a wrong signature with 401 auth-failed', async () => {
    const tampered = VALID_HEADERS.Authorization.replace(/.$/, '0');
    const result = await verify(request({ ...VALID_HEADERS, Authorization: tampered }));
    expectRefused(result, 'auth-failed', 401);
    if (!result.ok) expect(result.error.message).to.match(/signature/);
  });

  it('refuses a request signed for another path, host or method', async () => {
    expectRefused(await verify(request(VALID_HEADERS, 'POST', '/session/create')), 'auth-failed', 401);
    expectRefused(
      await verify(request({ ...VALID_HEADERS, Host: 'api.example.com:443' })),
      'auth-failed',
      401,
    );
    expectRefused(await verify(request(VALID_HEADERS, 'DELETE')), 'auth-failed', 401);
  });

  it('refuses a request without an Authorization header with 401', async () => {
    const { Authorization: _, ...rest } = VALID_HEADERS;
    const result = await verify(request(rest));
    expectRefused(result, 'auth-failed', 401);
    if (!result.ok) expect(result.error.message).to.equal('Authorization header is missing');
  });

  it('refuses a date more than 15 minutes away with 400 invalid-auth-params', async () => {
    const late = new Date(NOW.getTime() + 16 * 60 * 1000);
    const result = await verify(request(VALID_HEADERS), { now: late });
    expectRefused(result, 'invalid-auth-params', 400);
    if (!result.ok) expect(result.error.message).to.match(/sync/);
    expect(
      (await verify(request(VALID_HEADERS), { now: new Date(NOW.getTime() + 14 * 60 * 1000) })).ok,
    ).to.equal(true);
  });

  it('refuses a missing or unreadable date with 400', async () => {
    const { Date: _, ...rest } = VALID_HEADERS;
    expectRefused(await verify(request(rest)), 'invalid-auth-params', 400);
    expectRefused(
      await verify(request({ ...VALID_HEADERS, Date: 'not a date' })),
      'invalid-auth-params',
      400,
    );
  });

  it('refuses an inactive keypair and an unknown access key alike with 401', async () => {
    const inactive = await verify(request(VALID_HEADERS), { keypairs: [keypair({ isActive: false })] });
    const unknown = await verify(request(VALID_HEADERS), { keypairs: [] });
    expectRefused(inactive, 'auth-failed', 401);
    expectRefused(unknown, 'auth-failed', 401);
    if (!inactive.ok && !unknown.ok) expect(inactive.error.message).to.equal(unknown.error.message);
  });

  it('refuses versions outside the supported list with 400, even when correctly signed', async () => {
    for (const version of ['v2.20170215', 'v9.20990101', 'v9']) {
      const fields = {
        method: 'POST',
        pathWithQuery: '/session',
        rawDate: VALID_HEADERS.Date,
        host: 'api.example.com',
        contentType: 'application/json',
        versionHeader: 'x-backendai-version' as const,
        apiVersion: version,
      };
      const signature = computeSignature('sha256', SECRET, isoKeyDate(fields.rawDate), fields);
      const result = await verify(
        request({
          ...VALID_HEADERS,
          'X-BackendAI-Version': version,
          Authorization: `BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:${signature}`,
        }),
      );
      expectRefused(result, 'unsupported-api-version', 400);
    }
  });

  it('refuses a request without a version header with 400', async () => {
    const { 'X-BackendAI-Version': _, ...rest } = VALID_HEADERS;
    expectRefused(await verify(request(rest)), 'invalid-auth-params', 400);
  });

  it('refuses a malformed Authorization header with 400', async () => {
    expectRefused(
      await verify(request({ ...VALID_HEADERS, Authorization: 'BackendAI nonsense' })),
      'invalid-auth-params',
      400,
    );
  });

  it('verifies the legacy X-Sorna-Version header with an x-sorna-version line', async () => {
    const fields = {
      method: 'POST',
      pathWithQuery: '/session',
      rawDate: VALID_HEADERS.Date,
      host: 'api.example.com',
      contentType: 'application/json',
      versionHeader: 'x-sorna-version' as const,
      apiVersion: 'v4.20190615',
    };
    const signature = computeSignature('sha256', SECRET, isoKeyDate(fields.rawDate), fields);
    const { 'X-BackendAI-Version': _, ...rest } = VALID_HEADERS;
    const result = await verify(
      request({
        ...rest,
        'X-Sorna-Version': 'v4.20190615',
        Authorization: `Sorna signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:${signature}`,
      }),
    );
    expect(result.ok).to.equal(true);
  });
});
