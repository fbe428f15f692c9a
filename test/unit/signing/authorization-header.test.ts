import { expect } from 'chai';
import { formatAuthorization, parseAuthorization } from '@tessera/signing';

describe('signing: the Authorization header', () => {
  it('formats BackendAI signMethod=HMAC-SHA256, credential=<access key>:<signature>', () => {
    expect(formatAuthorization('AKIAIOSFODNN7EXAMPLE', 'abc123')).to.equal(
      'BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:abc123',
    );
  });

  it('reads back the access key, signature and hash of a header it formatted', () => {
    expect(parseAuthorization(formatAuthorization('AKIAIOSFODNN7EXAMPLE', 'abc123'))).to.deep.equal({
      ok: true,
      value: { algorithm: 'sha256', accessKey: 'AKIAIOSFODNN7EXAMPLE', signature: 'abc123' },
    });
  });

  it('accepts the legacy Sorna type, other guaranteed hashes and loose spacing', () => {
    const parsed = parseAuthorization('Sorna signMethod=HMAC-SHA512,credential=AK:sig');
    expect(parsed.ok && parsed.value.algorithm).to.equal('sha512');
    const sha3 = parseAuthorization('BackendAI  signMethod = HMAC-SHA3-256 ,  credential = AK:s:ig ');
    expect(sha3).to.deep.equal({
      ok: true,
      value: { algorithm: 'sha3-256', accessKey: 'AK', signature: 's:ig' },
    });
  });

  for (const [header, why] of [
    ['Bearer abc', 'an unknown type'],
    ['BackendAI', 'a type alone'],
    ['BackendAI credential=AK:sig', 'no signMethod'],
    ['BackendAI signMethod=HMAC-SHA256', 'no credential'],
    ['BackendAI signMethod=HMAC-NOPE, credential=AK:sig', 'an unknown hash'],
    ['BackendAI signMethod=RSA-SHA256, credential=AK:sig', 'a sign method other than HMAC'],
    ['BackendAI signMethod=HMAC-SHA256, credential=AKonly', 'a credential without a signature'],
    ['BackendAI signMethod=HMAC-SHA256, credential=:sig', 'a credential without an access key'],
  ]) {
    it(`refuses ${why}, saying why`, () => {
      const parsed = parseAuthorization(header!);
      expect(parsed.ok).to.equal(false);
      if (!parsed.ok) expect(parsed.reason).to.be.a('string').and.not.equal('');
    });
  }
});
