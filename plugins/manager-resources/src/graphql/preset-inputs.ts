import { parseBinarySize, TesseraError, type SlotsJSON } from '@tessera/core';
import { ManagerErrors, userSlots } from '@tessera/manager';

/*
 * Checks of the preset mutations' arguments: each refuses with `invalid-api-params` naming the
 * argument and what is expected, before anything is read or written.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function bad(field: string, expected: string, value: unknown): never {
  throw ManagerErrors.invalidParams(`Invalid ${field}: ${expected} (got ${JSON.stringify(value)})`, {
    field,
  });
}

/** A preset name: 1-256 letters, digits, "_", "." or "-", starting with a letter or digit. */
export function checkPresetName(value: string, field = 'name'): string {
  if (value.length > 256 || !NAME.test(value))
    bad(field, '1 to 256 letters, digits, "_", "." or "-", starting with a letter or digit', value);
  return value;
}

/** A preset's slots: the host's reading of admin-given slots (`userSlots`). */
export function checkPresetSlots(value: unknown, field = 'props.resource_slots'): SlotsJSON {
  return userSlots(value, field);
}

/** Bytes of shared memory from a size such as "1g", "512m" or "65536". */
export function checkSharedMemory(value: string, field = 'props.shared_memory'): number {
  const expected = 'a size such as 512m or 1g, or a whole number of bytes';
  let bytes;
  try {
    bytes = parseBinarySize(value, field);
  } catch (error) {
    if (error instanceof TesseraError) bad(field, expected, value);
    throw error;
  }
  if (!bytes.isFinite() || bytes.gt(Number.MAX_SAFE_INTEGER)) bad(field, expected, value);
  return bytes.toNumber();
}
