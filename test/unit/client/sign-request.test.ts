import { expect } from 'chai';
import { dateStamp, deriveSigningKey, signRequest } from '@tessera/client';
import { upstreamSignature } from './support/upstream-signature';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('signRequest (api-spec §1)', () => {
  describe('the worked vectors of §1.8', () => {
    const docRequest = {
      method: 'GET',
      path: '/v2',
      date: '20160930T01:23:45Z',
      host: 'your.sorna.api.endpoint',
      contentType: 'application/json',
      apiVersion: 'v2.20170215',
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
    };

    it('derives the signing key HMAC(HMAC(secret, yyyymmdd), host)', () => {
      const cases: Array<[string, string, string]> = [
        [
          '20160930T01:23:45Z',
          'your.sorna.api.endpoint',
          '3802e2dbb130fcb43b78d7dea6ae36738b8bd90ef910d8fa0a0faec162d30492',
        ],
        [
          '2024-01-02T03:04:05.678901+00:00',
          '127.0.0.1:8091',
          'b9076e9b3b6cd12c39e67480910dbc96cff7eba3820bdb55fa484d3f70d8f8c1',
        ],
        [
          '2024-01-02T03:04:05.678901+00:00',
          'api.example.com',
          '151fced4dddad5cb359b9a10fe816e5f58a17f7369df58414859f0642d8e7beb',
        ],
      ];
      for (const [date, host, key] of cases) {
        expect(deriveSigningKey(SECRET_KEY, date, host).toString('hex'), `${date} ${host}`).to.equal(key);
      }
    });

    it("signs the doc's string-to-sign with the legacy x-sorna-version line", () => {
      const signed = signRequest({ ...docRequest, versionHeader: 'x-sorna-version' });
      expect(signed.stringToSign).to.equal(
        `GET\n/v2\n20160930T01:23:45Z\nhost:your.sorna.api.endpoint\ncontent-type:application/json\nx-sorna-version:v2.20170215\n${EMPTY_HASH}`,
      );
      expect(signed.signature).to.equal('ca177162e332893e70743f6612ffe2cfad8b1a036bcfddf4a83f4897459be757');
    });

    it('signs the same request with the x-backendai-version line by default', () => {
      expect(signRequest(docRequest).signature).to.equal(
        '9a44c7b7ee1082109ab93d7079ccbd3b4e0f351435e8fcd24418ae31bd9b793e',
      );
    });

    it('signs a modern GET with a query string against a host with a port', () => {
      const signed = signRequest({
        method: 'GET',
        path: '/folders?group_id=abc',
        date: '2024-01-02T03:04:05.678901+00:00',
        host: '127.0.0.1:8091',
        contentType: 'application/json',
        apiVersion: 'v8.20240915',
        accessKey: ACCESS_KEY,
        secretKey: SECRET_KEY,
      });
      expect(signed.signature).to.equal('f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1');
      expect(signed.authorization).to.equal(
        `BackendAI signMethod=HMAC-SHA256, credential=${ACCESS_KEY}:f3f6701cfc1380c935b4f9a16a93c0f63dd3603afdf7c4bf246519a386e0f7a1`,
      );
    });

    it('signs a modern POST /session the same whatever its body (empty-body hash since v4.20181215)', () => {
      const request = {
        method: 'POST',
        path: '/session',
        date: '2024-01-02T03:04:05.678901+00:00',
        host: 'api.example.com',
        contentType: 'application/json',
        apiVersion: 'v9.20250722',
        accessKey: ACCESS_KEY,
        secretKey: SECRET_KEY,
      };
      const expected = '868062d7b7e92b7cda8f2b11ff26b99bb868c7fdb385139c0a87fb10f76ed592';
      expect(signRequest(request).signature).to.equal(expected);
      expect(signRequest({ ...request, body: '{"image":"python"}' }).signature).to.equal(expected);
      expect(signRequest({ ...request, method: 'post' }).signature, 'method is upper-cased').to.equal(
        expected,
      );
      expect(
        signRequest({ ...request, contentType: 'Application/JSON; charset=utf-8' }).signature,
        'MIME type only',
      ).to.equal(expected);
    });
  });

  it('hashes the body for API versions before v4.20181215, except multipart bodies', () => {
    const old = {
      method: 'POST',
      path: '/v3/kernel/create',
      date: '2018-06-01T00:00:00Z',
      host: 'manager:8081',
      contentType: 'application/json',
      apiVersion: 'v3.20170615',
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
    };
    const withBody = signRequest({ ...old, body: '{"lang":"python"}' });
    expect(withBody.stringToSign.split('\n')[6]).to.not.equal(EMPTY_HASH);
    expect(withBody.signature).to.not.equal(signRequest(old).signature);
    const multipart = signRequest({ ...old, contentType: 'multipart/form-data; boundary=x', body: 'parts' });
    expect(multipart.stringToSign.split('\n')[6]).to.equal(EMPTY_HASH);
  });

  it('takes the key date as written in the header, in its own time zone', () => {
    expect(dateStamp('2024-01-02T23:30:00-05:00')).to.equal('20240102'); // 2024-01-03 in UTC
    expect(dateStamp('2024-01-02T03:04:05.678Z')).to.equal('20240102');
    expect(dateStamp('20160930T01:23:45Z')).to.equal('20160930');
    expect(dateStamp('Tue, 02 Jan 2024 03:04:05 GMT')).to.equal('20240102');
    expect(() => dateStamp('yesterday')).to.throw(RangeError, /yesterday/);
  });

  it("agrees with Backend.AI's own JavaScript client on requests it sends", () => {
    const requests = [
      {
        method: 'GET',
        path: '/',
        host: '127.0.0.1:8091',
        apiVersion: 'v9.20250722',
        date: '2025-07-22T10:11:12.345Z',
      },
      {
        method: 'POST',
        path: '/session',
        host: 'localhost:8091',
        apiVersion: 'v6.20220615',
        date: '2023-12-31T23:59:59.999Z',
      },
      {
        method: 'DELETE',
        path: '/session/my%20sess?forced=true',
        host: 'api.example.com',
        apiVersion: 'v4.20190615',
        date: '2020-02-29T00:00:00.000Z',
      },
      {
        method: 'POST',
        path: '/session/s1/upload',
        host: '[::1]:9000',
        apiVersion: 'v8.20240915',
        date: '2024-09-15T12:00:00.000Z',
      },
    ];
    for (const request of requests) {
      for (const contentType of ['application/json', 'multipart/form-data']) {
        const ours = signRequest({
          ...request,
          contentType,
          accessKey: ACCESS_KEY,
          secretKey: SECRET_KEY,
        }).signature;
        const theirs = upstreamSignature({
          ...request,
          contentType,
          accessKey: ACCESS_KEY,
          secretKey: SECRET_KEY,
        });
        expect(ours, `${request.method} ${request.path} ${contentType}`).to.equal(theirs);
      }
    }
  });
});
