import { generateKeyPairSync } from 'node:crypto';

/** An SSH keypair for a user's sessions (SFTP, ssh into kernels), as upstream makes one. */
export interface SshKeypair {
  /** OpenSSH public key line: `ssh-rsa <base64>`. */
  publicKey: string;
  /** The private key in PEM (PKCS#1, "BEGIN RSA PRIVATE KEY", unencrypted). */
  privateKey: string;
}

/** A fresh 2048-bit RSA keypair with exponent 65537 (upstream's generate_ssh_keypair). */
export function generateSshKeypair(): SshKeypair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
  });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return {
    publicKey: openSshRsaPublicKey(jwk.n, jwk.e),
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

/**
 * The OpenSSH wire form of an RSA public key (RFC 4253 §6.6): the strings "ssh-rsa", e and n,
 * each length-prefixed, e and n as mpints (a leading zero byte when the top bit is set).
 */
export function openSshRsaPublicKey(nBase64Url: string, eBase64Url: string): string {
  const field = (bytes: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const mpint = (base64Url: string): Buffer => {
    const raw = Buffer.from(base64Url, 'base64url');
    return field(raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(eBase64Url), mpint(nBase64Url)]);
  return `ssh-rsa ${blob.toString('base64')}`;
}
