import { expect } from 'chai';
import {
  buildStringToSign,
  computeSignature,
  deriveSigningKey,
  isoKeyDate,
  signatureMatches,
  signRequest,
  type SignedFields,
} from '@tessera/signing';

// The reference docs' dummy keys and the recomputed vectors of api-spec §1.8.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** Signs or verifies as a client does: the key date as written in the ISO date it sends. */
const sign = (secret: string, fields: SignedFields) =>
  computeSignature('sha256', secret, isoKeyDate(fields.rawDate), fields);
const matches = (secret: string, fields: SignedFields, signature: string) =>
  signatureMatches('sha256', secret, isoKeyDate(fields.rawDate), fields, signature);
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const docExample: SignedFields = {
  method: 'GET',
  pathWithQuery: '/v2',
  rawDate: '20160930T01:23:45Z',
  host: 'your.sorna.api.endpoint',
  contentType: 'application/json',
  versionHeader: 'x-sorna-version',
  apiVersion: 'v2.20170215',
};

const modernGet: SignedFields = {
  method: 'GET',
  pathWithQuery: '/folders?group_id=abc',
  rawDate: '2024-01-02T03:04:05.678901+00:00',
  host: '127.0.0.1:8091',
  contentType: 'application/json',
  apiVersion: 'v8.20240915',
};

const modernPost: SignedFields = {
  method: 'POST',
  pathWithQuery: '/session',
  rawDate: '2024-01-02T03:04:05.678901+00:00',
  host: 'api.example.com',
  contentType: 'application/json',
  apiVersion: 'v9.20250722',
};

describe('signing: the vectors of api-spec §1.8', () => {
  it('derives the signing key HMAC(HMAC(secret, yyyymmdd), host)', () => {
    const cases: Array<[string, string, string]> = [
      [
        '20160930',
        'your.sorna.api.endpoint',
        '3802e2dbb130fcb43b78d7dea6ae36738b8bd90ef910d8fa0a0faec162d30492',
      ],
      ['20240102', '127.0.0.1:8091', 'b9076e9b3b6cd12c39e67480910dbc96cff7eba3820bdb55fa484d3f70d8f8c1'],
      ['20240102', 'api.example.com', '151fced4dddad5cb359b9a10fe816e5f58a17f7369df58414859f0642d8e7beb'],
    ];
    for (const [keyDate, host, key] of cases) {
      expect(deriveSigningKey('sha256', SECRET_KEY, keyDate, host).toString('hex'), host).to.equal(key);
    }
  });

  it("builds the doc's seven-line string to sign, with the empty-body hash", () => {
    expect(buildStringToSign('sha256', docExample)).to.equal(
      `GET\n/v2\n20160930T01:23:45Z\nhost:your.sorna.api.endpoint\ncontent-type:application/json\nx-sorna-version:v2.20170215\n${EMPTY_SHA256}`,
    );
  });

  const vectors: Array<{ name: string; fields: SignedFields; signature: string }> = [
    {
      name: 'doc string-to-sign as shown (x-sorna-version)',
      fields: docExample,
      signature: 'ca177162e332893e70743f6612ffe2cfad8b1a036bcfddf4a83f4897459be757',
    },
    {
      name: 'doc request with x-backendai-version (the default line)',
      fields: { ...docExample, versionHeader: undefined },
      signature: '9a44c7b7ee1082109ab93d7079ccbd3b4e0f351435e8fcd24418ae31bd9b793e',
    },
    {
      name: 'modern GET with a query string and a host with a port',
      fields: modernGet,
      signature: 'f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1',
    },
    {
      name: 'modern POST /session',
      fields: modernPost,
      signature: '868062d7b7e92b7cda8f2b11ff26b99bb868c7fdb385139c0a87fb10f76ed592',
    },
  ];
  for (const vector of vectors) {
    it(`signs: ${vector.name}`, () => {
      expect(sign(SECRET_KEY, vector.fields)).to.equal(vector.signature);
      expect(matches(SECRET_KEY, vector.fields, vector.signature)).to.equal(true);
    });
  }
});

describe('signing: what takes part in the signature', () => {
  const expected = '868062d7b7e92b7cda8f2b11ff26b99bb868c7fdb385139c0a87fb10f76ed592';

  it('ignores the body from v4.20181215 on, the method case and the content-type parameters', () => {
    expect(sign(SECRET_KEY, { ...modernPost, body: '{"image":"python"}' })).to.equal(expected);
    expect(sign(SECRET_KEY, { ...modernPost, method: 'post' })).to.equal(expected);
    expect(
      sign(SECRET_KEY, {
        ...modernPost,
        contentType: 'Application/JSON; charset=utf-8',
      }),
    ).to.equal(expected);
  });

  it('signs application/octet-stream when there is no Content-Type, as the manager reads it', () => {
    expect(buildStringToSign('sha256', { ...modernPost, contentType: undefined }).split('\n')[4]).to.equal(
      'content-type:application/octet-stream',
    );
  });

  it('hashes the body for API versions before v4.20181215, except multipart bodies', () => {
    const old: SignedFields = {
      method: 'POST',
      pathWithQuery: '/v3/kernel/create',
      rawDate: '2018-06-01T00:00:00Z',
      host: 'manager:8081',
      contentType: 'application/json',
      apiVersion: 'v3.20170615',
    };
    const withBody = buildStringToSign('sha256', { ...old, body: '{"lang":"python"}' });
    expect(withBody.split('\n')[6]).to.not.equal(EMPTY_SHA256);
    expect(sign(SECRET_KEY, { ...old, body: '{"lang":"python"}' })).to.not.equal(sign(SECRET_KEY, old));
    const multipart = { ...old, contentType: 'multipart/form-data; boundary=x', body: 'parts' };
    expect(buildStringToSign('sha256', multipart).split('\n')[6]).to.equal(EMPTY_SHA256);
  });

  it('signs the raw date string: the same instant written differently gives another signature', () => {
    const sameInstant = { ...modernPost, rawDate: '2024-01-02T03:04:05.678901Z' };
    expect(matches(SECRET_KEY, sameInstant, expected)).to.equal(false);
  });

  it('refuses signatures made for another path, host, version or secret, and garbage', () => {
    const others: Array<[string, SignedFields, string, string]> = [
      ['another path', { ...modernPost, pathWithQuery: '/session/x' }, SECRET_KEY, expected],
      ['another host', { ...modernPost, host: 'api.example.com:443' }, SECRET_KEY, expected],
      ['another version', { ...modernPost, apiVersion: 'v8.20240915' }, SECRET_KEY, expected],
      ['another secret', modernPost, 'another secret', expected],
      ['a truncated signature', modernPost, SECRET_KEY, expected.slice(0, 10)],
    ];
    for (const [why, fields, secret, signature] of others) {
      expect(matches(secret, fields, signature), why).to.equal(false);
    }
  });

  it('refuses to sign with a date that is not ISO 8601', () => {
    expect(() =>
      signRequest({ ...modernPost, rawDate: 'yesterday', accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
    ).to.throw(RangeError, /yesterday/);
  });
});

describe('signing: signRequest', () => {
  it('gives the Authorization header, the signature and the string to sign', () => {
    const signed = signRequest({ ...modernGet, accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
    expect(signed).to.deep.equal({
      authorization: `BackendAI signMethod=HMAC-SHA256, credential=${ACCESS_KEY}:f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1`,
      signature: 'f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1',
      stringToSign: buildStringToSign('sha256', modernGet),
    });
  });

  it('takes the key date as written in the header, in its own time zone', () => {
    // 23:30 on Jan 2 at UTC-5 is Jan 3 in UTC: the key must use Jan 2, or the manager refuses it.
    const rawDate = '2024-01-02T23:30:00-05:00';
    const signed = signRequest({ ...modernPost, rawDate, accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
    const onJan2 = sign(SECRET_KEY, { ...modernPost, rawDate });
    expect(signed.signature).to.equal(onJan2);
    expect(deriveSigningKey('sha256', SECRET_KEY, '20240102', modernPost.host)).to.not.deep.equal(
      deriveSigningKey('sha256', SECRET_KEY, '20240103', modernPost.host),
    );
  });
});
