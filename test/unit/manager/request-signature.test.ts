import { expect } from 'chai';
import {
  buildStringToSign,
  computeSignature,
  deriveSigningKey,
  parseAuthorization,
  parseRequestDate,
  type SignedFields,
} from '@tessera/manager';

// The reference docs' dummy secret and the recomputed vectors of api-spec §1.8.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const docExample: SignedFields = {
  method: 'GET',
  pathWithQuery: '/v2',
  rawDate: '20160930T01:23:45Z',
  host: 'your.sorna.api.endpoint',
  contentType: 'application/json',
  versionHeader: 'x-sorna-version',
  version: 'v2.20170215',
};

describe('manager: request signature (api-spec §1.8 vectors)', () => {
  it('derives the signing key by HMAC over the date then the host', () => {
    expect(
      deriveSigningKey('sha256', SECRET, '20160930', 'your.sorna.api.endpoint').toString('hex'),
    ).to.equal('3802e2dbb130fcb43b78d7dea6ae36738b8bd90ef910d8fa0a0faec162d30492');
  });

  it('builds the seven-line string to sign with the empty-body hash', () => {
    expect(buildStringToSign('sha256', docExample)).to.equal(
      `GET\n/v2\n20160930T01:23:45Z\nhost:your.sorna.api.endpoint\ncontent-type:application/json\nx-sorna-version:v2.20170215\n${EMPTY_SHA256}`,
    );
  });

  const vectors: Array<{ name: string; keyDate: string; fields: SignedFields; signature: string }> = [
    {
      name: 'doc string-to-sign as shown (x-sorna-version)',
      keyDate: '20160930',
      fields: docExample,
      signature: 'ca177162e332893e70743f6612ffe2cfad8b1a036bcfddf4a83f4897459be757',
    },
    {
      name: 'doc request with x-backendai-version',
      keyDate: '20160930',
      fields: { ...docExample, versionHeader: 'x-backendai-version' },
      signature: '9a44c7b7ee1082109ab93d7079ccbd3b4e0f351435e8fcd24418ae31bd9b793e',
    },
    {
      name: 'modern GET with a query string and a host with a port',
      keyDate: '20240102',
      fields: {
        method: 'GET',
        pathWithQuery: '/folders?group_id=abc',
        rawDate: '2024-01-02T03:04:05.678901+00:00',
        host: '127.0.0.1:8091',
        contentType: 'application/json',
        versionHeader: 'x-backendai-version',
        version: 'v8.20240915',
      },
      signature: 'f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1',
    },
    {
      name: 'modern POST /session',
      keyDate: '20240102',
      fields: {
        method: 'POST',
        pathWithQuery: '/session',
        rawDate: '2024-01-02T03:04:05.678901+00:00',
        host: 'api.example.com',
        contentType: 'application/json',
        versionHeader: 'x-backendai-version',
        version: 'v9.20250722',
      },
      signature: '868062d7b7e92b7cda8f2b11ff26b99bb868c7fdb385139c0a87fb10f76ed592',
    },
  ];
  for (const vector of vectors) {
    it(`signs: ${vector.name}`, () => {
      expect(computeSignature('sha256', SECRET, vector.keyDate, vector.fields)).to.equal(vector.signature);
    });
  }
});

describe('manager: Authorization header parsing', () => {
  it('reads the access key, signature and hash of a BackendAI header', () => {
    const parsed = parseAuthorization(
      'BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:abc123',
    );
    expect(parsed).to.deep.equal({
      ok: true,
      value: { algorithm: 'sha256', accessKey: 'AKIAIOSFODNN7EXAMPLE', signature: 'abc123' },
    });
  });

  it('accepts the legacy Sorna type and other guaranteed hashes', () => {
    const parsed = parseAuthorization('Sorna signMethod=HMAC-SHA512,credential=AK:sig');
    expect(parsed.ok && parsed.value.algorithm).to.equal('sha512');
  });

  for (const [header, why] of [
    ['Bearer abc', 'an unknown type'],
    ['BackendAI credential=AK:sig', 'no signMethod'],
    ['BackendAI signMethod=HMAC-SHA256', 'no credential'],
    ['BackendAI signMethod=HMAC-NOPE, credential=AK:sig', 'an unknown hash'],
    ['BackendAI signMethod=HMAC-SHA256, credential=AKonly', 'a credential without a signature'],
  ]) {
    it(`refuses ${why}`, () => {
      expect(parseAuthorization(header!).ok).to.equal(false);
    });
  }
});

describe('manager: request date parsing', () => {
  it('takes the key date in the header own time zone', () => {
    // 01:00 in Seoul on Jan 2 is still Jan 1 in UTC: the key uses the date as written.
    const parsed = parseRequestDate('2024-01-02T01:00:00+09:00')!;
    expect(parsed.keyDate).to.equal('20240102');
    expect(parsed.instant.toISOString()).to.equal('2024-01-01T16:00:00.000Z');
  });

  it('reads ISO dates without a zone as UTC, the basic ISO form, and HTTP dates', () => {
    expect(parseRequestDate('2024-01-02T03:04:05')!.instant.toISOString()).to.equal(
      '2024-01-02T03:04:05.000Z',
    );
    expect(parseRequestDate('20160930T01:23:45Z')!.keyDate).to.equal('20160930');
    expect(parseRequestDate('Tue, 02 Jan 2024 03:04:05 GMT')!.instant.toISOString()).to.equal(
      '2024-01-02T03:04:05.000Z',
    );
  });

  it('returns null for text that is not a date', () => {
    expect(parseRequestDate('yesterday')).to.equal(null);
  });
});
