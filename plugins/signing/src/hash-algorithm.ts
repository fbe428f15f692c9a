/**
 * Node's names for the hash algorithms a `signMethod` may name (`HMAC-SHA256` -> `sha256`).
 * Backend.AI's manager accepts any of Python's `hashlib.algorithms_guaranteed`; these are the ones
 * Node's crypto also has. Clients sign with SHA-256.
 */
const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

/** The hash every client signs with, as Node names it. */
export const DEFAULT_HASH_ALGORITHM = 'sha256';

/** Node's algorithm name for a `signMethod` hash name (`SHA256`, `sha3-256`), or null when unsupported. */
export function hashAlgorithmFor(name: string): string | null {
  return HASH_ALGORITHMS[name.toLowerCase().replace(/-/g, '_')] ?? null;
}
