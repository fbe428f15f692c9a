import { expect } from 'chai';
import { parseRequestDate } from '@tessera/manager';
import { parseAuthorization, signatureMatches, signRequest, type SignedFields } from '@tessera/signing';
import { upstreamSignature, upstreamSignedRequest } from '../client/support/upstream-signature';

// Backend.AI's own JavaScript client (npm backend.ai-client) is the independent oracle here.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe("signing: agreement with Backend.AI's official JavaScript client", () => {
  it('signs requests exactly as the official client does', () => {
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
          method: request.method,
          pathWithQuery: request.path,
          rawDate: request.date,
          host: request.host,
          contentType,
          apiVersion: request.apiVersion,
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

  describe('verifies the requests the official client signs', () => {
    const form = new FormData();
    form.append('src', new Blob(['print(1)']), 'main.py');
    const requests = [
      { endpoint: 'http://127.0.0.1:8091', apiVersion: 'v9.20250722', method: 'GET', path: '/', body: null },
      {
        endpoint: 'http://127.0.0.1:8091',
        apiVersion: 'v8.20240915',
        method: 'GET',
        path: '/folders?group_id=abc',
        body: null,
      },
      {
        endpoint: 'https://api.example.com',
        apiVersion: 'v9.20250722',
        method: 'POST',
        path: '/session',
        body: { image: 'python:3.11', clientSessionToken: 'demo' },
      },
      {
        endpoint: 'http://[::1]:9000',
        apiVersion: 'v6.20220615',
        method: 'DELETE',
        path: '/session/my%20sess?forced=true',
        body: null,
      },
      // Before v4.20181215 the body itself is hashed.
      {
        endpoint: 'http://manager:8081',
        apiVersion: 'v3.20170615',
        method: 'POST',
        path: '/v3/kernel/create',
        body: { lang: 'python' },
      },
      // Multipart: never hashed; fetch adds the boundary to the Content-Type it sends.
      {
        endpoint: 'http://localhost:8091',
        apiVersion: 'v8.20240915',
        method: 'POST',
        path: '/session/s1/upload',
        body: form,
      },
    ];

    for (const input of requests) {
      it(`${input.method} ${input.path} (${input.apiVersion})`, () => {
        const sent = upstreamSignedRequest({ ...input, accessKey: ACCESS_KEY, secretKey: SECRET_KEY });

        const authorization = parseAuthorization(sent.headers.authorization!);
        expect(authorization.ok, 'Authorization parses').to.equal(true);
        if (!authorization.ok) return;
        expect(authorization.value.accessKey).to.equal(ACCESS_KEY);
        const rawDate = sent.headers['x-backendai-date']!;
        const keyDate = parseRequestDate(rawDate)?.keyDate;
        expect(keyDate, 'date parses').to.be.a('string');

        const fields: SignedFields = {
          method: sent.method,
          pathWithQuery: sent.url.pathname + sent.url.search,
          rawDate,
          host: sent.url.host,
          contentType:
            sent.headers['content-type'] ??
            (sent.body instanceof FormData ? 'multipart/form-data; boundary=----formdata-x' : undefined),
          apiVersion: sent.headers['x-backendai-version']!,
          ...(typeof sent.body === 'string' ? { body: sent.body } : {}),
        };
        const { algorithm, signature } = authorization.value;
        expect(
          signatureMatches(algorithm, SECRET_KEY, keyDate!, fields, signature),
          'signature verifies',
        ).to.equal(true);
        expect(
          signRequest({ ...fields, accessKey: ACCESS_KEY, secretKey: SECRET_KEY }).authorization,
          'same Authorization header',
        ).to.equal(sent.headers.authorization);

        // The check can fail: the same signature does not verify another path or another secret.
        const elsewhere = { ...fields, pathWithQuery: `${fields.pathWithQuery}x` };
        expect(signatureMatches(algorithm, SECRET_KEY, keyDate!, elsewhere, signature)).to.equal(false);
        expect(signatureMatches(algorithm, 'not the secret', keyDate!, fields, signature)).to.equal(false);
      });
    }
  });
});
