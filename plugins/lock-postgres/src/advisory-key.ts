import { createHash } from 'node:crypto';

/**
 * The 64-bit advisory lock key of a lock name, as the decimal string PostgreSQL reads as bigint:
 * the first 8 bytes of SHA-256 over `<namespace>\0<name>`. Two names colliding would share one
 * lock (never lose mutual exclusion); at 2^64 keys that is not a practical concern.
 */
export function advisoryKey(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`${namespace}\0${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/** The application_name of every session the lock service opens, so operators can find them. */
export function sessionApplicationName(namespace: string): string {
  return `tessera-lock:${namespace}`.slice(0, 63);
}
