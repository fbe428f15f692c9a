import {
  guessSlotType,
  isValidSlotName,
  parseAmount,
  parseBinarySize,
  TesseraError,
  type SlotsJSON,
} from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

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

/**
 * A ResourceSlot map as Backend.AI's `ResourceSlot.from_user_input` reads it without known slot
 * types: slot names as `cpu`, `mem` or `cuda.shares`; amounts numbers or numeric strings, sizes
 * (`"4g"`) for slots whose name mentions `mem`. Answers the exact decimal strings stored.
 */
export function checkPresetSlots(value: unknown, field = 'props.resource_slots'): SlotsJSON {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    bad(field, 'a JSON object of slot name to amount', value);
  const slots: SlotsJSON = {};
  for (const [slot, amount] of Object.entries(value)) {
    if (!isValidSlotName(slot)) bad(field, 'slot names such as cpu, mem or cuda.shares', slot);
    const type = guessSlotType(slot);
    const expected =
      type === 'bytes' ? 'a size such as 4g or 512m, or a number of bytes' : 'a non-negative number';
    if (typeof amount !== 'string' && typeof amount !== 'number') bad(`${field}.${slot}`, expected, amount);
    try {
      const parsed = parseAmount(slot, amount, type);
      if (!parsed.isFinite()) bad(`${field}.${slot}`, expected, amount);
      slots[slot] = parsed.toFixed();
    } catch (error) {
      if (error instanceof TesseraError && error.code !== 'invalid-api-params')
        bad(`${field}.${slot}`, expected, amount);
      throw error;
    }
  }
  return slots;
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
