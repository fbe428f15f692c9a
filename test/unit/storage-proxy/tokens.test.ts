import { expect } from 'chai';
import { TokenIssuer, type UploadClaims } from '@tessera/storage-proxy';

const SECRET = 'unit-test-secret-0123456789abcdef0123456789';
const upload: UploadClaims = {
  op: 'upload',
  volume: 'local',
  quota_scope_id: 'user:5b9fdbd0-8b3c-4c1e-9c3f-3a1d3c2b1a00',
  vfid: '6c0fdbd0-8b3c-4c1e-9c3f-3a1d3c2b1a00',
  relpath: 'a/b.bin',
  size: 10,
  session: '7d1fdbd0-8b3c-4c1e-9c3f-3a1d3c2b1a00',
};

describe('storage-proxy: tokens', () => {
  const issuer = new TokenIssuer(SECRET, 60);

  async function refusal(
    attempt: Promise<unknown>,
  ): Promise<{ code: string; message: string; status: number }> {
    try {
      await attempt;
    } catch (error) {
      return error as { code: string; message: string; status: number };
    }
    throw new Error('the token was accepted');
  }

  it('round-trips the claims with an expiry of sessionExpire seconds', async () => {
    const token = await issuer.sign(upload);
    const claims = await issuer.verify(token, 'upload');
    expect(claims).to.include(upload);
    const exp = (claims as unknown as { exp: number }).exp;
    expect(exp - Math.floor(Date.now() / 1000)).to.be.within(58, 60);
  });

  it('refuses a token for another operation with 403', async () => {
    const error = await refusal(issuer.verify(await issuer.sign(upload), 'download'));
    expect(error).to.include({ code: 'storage-proxy-token-refused', status: 403 });
  });

  it('refuses an expired, a foreign, a tampered and a malformed token with 401', async () => {
    const expired = await refusal(
      new TokenIssuer(SECRET, -10).sign(upload).then((token) => issuer.verify(token, 'upload')),
    );
    expect(expired).to.include({ status: 401 });
    expect(expired.message).to.contain('expired');
    const foreign = await refusal(
      new TokenIssuer(`${SECRET}x`, 60).sign(upload).then((token) => issuer.verify(token, 'upload')),
    );
    expect(foreign.message).to.contain('signature');
    const [header, , signature] = (await issuer.sign(upload)).split('.');
    const payload = Buffer.from(JSON.stringify({ ...upload, size: 10 ** 12 })).toString('base64url');
    expect(await refusal(issuer.verify(`${header}.${payload}.${signature}`, 'upload'))).to.include({
      status: 401,
    });
    expect(await refusal(issuer.verify('not-a-jwt', 'upload'))).to.include({ status: 401 });
    expect(await refusal(issuer.verify(undefined, 'upload'))).to.include({ status: 401 });
  });
});
