import { expect } from 'chai';
import { createHash, createHmac } from 'node:crypto';
import {
  authorizationFor,
  dateProblem,
  parseAuthorization,
  SigningSecret,
  signatureMatches,
  stringToSign,
} from '@tessera/agent-rpc-http';

const SECRET = 'an-agent-rpc-secret-of-more-than-32-chars';
const DATE = '2025-01-02T03:04:05.678Z';
const BODY = '{"args":["k-1"]}';
const NOW = Date.parse(DATE);
const FIVE_MINUTES = 5 * 60_000;

/** The signature as docs/agent-rpc.md spells it, computed here without the package's code. */
function documentedSignature(
  secret: string,
  method: string,
  path: string,
  date: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(`${method}\n${path}\n${date}\n${bodyHash}`).digest('hex');
}

describe('agent-rpc-http: request signatures', () => {
  it('signs METHOD, path, date and the body hash, one per line', () => {
    const bodyHash = createHash('sha256').update(BODY).digest('hex');
    expect(stringToSign('post', '/rpc/kernelLogs', DATE, BODY)).to.equal(
      `POST\n/rpc/kernelLogs\n${DATE}\n${bodyHash}`,
    );
    expect(authorizationFor(SECRET, 'POST', '/rpc/kernelLogs', DATE, BODY)).to.equal(
      `Tessera-HMAC-SHA256 ${documentedSignature(SECRET, 'POST', '/rpc/kernelLogs', DATE, BODY)}`,
    );
  });

  it('parses the Authorization header and says what is wrong with a bad one', () => {
    const good = parseAuthorization(`Tessera-HMAC-SHA256 ${'ab'.repeat(32)}`);
    expect(good)
      .to.have.property('signature')
      .that.satisfies((b: Buffer) => b.length === 32);
    expect(parseAuthorization(undefined)).to.deep.equal({
      problem: 'no Authorization header (expected "Tessera-HMAC-SHA256 <signature>")',
    });
    expect(parseAuthorization(`Bearer ${'ab'.repeat(32)}`))
      .to.have.property('problem')
      .that.match(/is not/);
    expect(parseAuthorization('Tessera-HMAC-SHA256 abc')).to.deep.equal({
      problem: 'the signature is not 64 hexadecimal digits',
    });
    expect(parseAuthorization(`Tessera-HMAC-SHA256 ${'ab'.repeat(32)} extra`)).to.have.property('problem');
  });

  it('accepts dates within the skew either way and names the skew of the others', () => {
    expect(dateProblem(DATE, NOW + FIVE_MINUTES, FIVE_MINUTES)).to.equal(undefined);
    expect(dateProblem(DATE, NOW - FIVE_MINUTES, FIVE_MINUTES)).to.equal(undefined);
    expect(dateProblem('2025-01-02T04:04:05+01:00', NOW, FIVE_MINUTES)).to.equal(undefined);
    expect(dateProblem(DATE, NOW + 10 * 60_000, FIVE_MINUTES)).to.equal(
      "X-Tessera-Date is 600 s behind this host's clock (clock skew; at most 300 s is accepted)",
    );
    expect(dateProblem(DATE, NOW - 6 * 60_000, FIVE_MINUTES)).to.equal(
      "X-Tessera-Date is 360 s ahead of this host's clock (clock skew; at most 300 s is accepted)",
    );
    expect(dateProblem(undefined, NOW, FIVE_MINUTES)).to.equal('no X-Tessera-Date header');
    expect(dateProblem('Thu, 02 Jan 2025 03:04:05 GMT', NOW, FIVE_MINUTES)).to.match(
      /is not an ISO 8601 time/,
    );
    expect(dateProblem('2025-13-45T99:99:99Z', NOW, FIVE_MINUTES)).to.match(/is not an ISO 8601 time/);
  });

  it('matches a signature under any accepted secret, and nothing else', () => {
    const signature = Buffer.from(documentedSignature(SECRET, 'POST', '/rpc/ping', DATE, BODY), 'hex');
    expect(signatureMatches(signature, [SECRET], 'POST', '/rpc/ping', DATE, BODY)).to.equal(true);
    expect(signatureMatches(signature, ['x'.repeat(40), SECRET], 'POST', '/rpc/ping', DATE, BODY)).to.equal(
      true,
    );
    expect(signatureMatches(signature, ['x'.repeat(40)], 'POST', '/rpc/ping', DATE, BODY)).to.equal(false);
    expect(signatureMatches(signature, [SECRET], 'POST', '/rpc/execute', DATE, BODY)).to.equal(false);
    expect(signatureMatches(signature, [SECRET], 'POST', '/rpc/ping', DATE, BODY + ' ')).to.equal(false);
    expect(
      signatureMatches(signature, [SECRET], 'POST', '/rpc/ping', '2025-01-02T03:04:06.678Z', BODY),
    ).to.equal(false);
    expect(signatureMatches(signature.subarray(0, 16), [SECRET], 'POST', '/rpc/ping', DATE, BODY)).to.equal(
      false,
    );
  });
});

describe('agent-rpc-http: the signing secret across a change', () => {
  it('signs with the new secret and accepts the previous one only during the grace period', () => {
    let now = 1_000_000;
    const secret = new SigningSecret('a'.repeat(32), 60_000, () => now);
    expect(secret.accepted()).to.deep.equal(['a'.repeat(32)]);
    expect(secret.replace('a'.repeat(32))).to.equal(false);
    expect(secret.replace('b'.repeat(32))).to.equal(true);
    expect(secret.current).to.equal('b'.repeat(32));
    expect(secret.accepted()).to.deep.equal(['b'.repeat(32), 'a'.repeat(32)]);
    now += 60_000;
    expect(secret.accepted()).to.deep.equal(['b'.repeat(32), 'a'.repeat(32)]);
    now += 1;
    expect(secret.accepted()).to.deep.equal(['b'.repeat(32)]);
  });
});
