import { TesseraError } from '@tessera/core';
import type { Outcome } from './mutation-payloads';

/** The repository errors a mutation answers as `ok: false` with the message (upstream's `msg`). */
const DOMAIN_ERRORS = new Set(['object-not-found', 'object-already-exists', 'object-in-use']);

/**
 * Runs a mutation's write: `{ok: true, msg: 'success', item}`, or `{ok: false, msg}` for a
 * missing, duplicate or still-used object. Anything else (forbidden, invalid input, a failing
 * database) stays an error of the field.
 */
export async function outcome<Item>(write: () => Promise<Item | undefined>): Promise<Outcome<Item>> {
  try {
    const item = await write();
    return { ok: true, msg: 'success', item: item ?? null };
  } catch (error) {
    if (error instanceof TesseraError && DOMAIN_ERRORS.has(error.code)) return failed(error.message);
    throw error;
  }
}

export function failed(msg: string): Outcome<never> {
  return { ok: false, msg, item: null };
}

/** Absent and null arguments alike mean "not given" (upstream: None skips the field). */
export function given<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}
