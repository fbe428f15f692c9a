import { guessSlotType, isValidSlotName, parseAmount, TesseraError, type SlotsJSON } from '@tessera/core';
import { ManagerErrors } from '../../manager-errors';

function bad(field: string, expected: string, value: unknown): never {
  throw ManagerErrors.invalidParams(`Invalid ${field}: ${expected} (got ${JSON.stringify(value)})`, {
    field,
  });
}

/**
 * A ResourceSlot map given by an admin (a preset's `resource_slots`, a policy's, domain's or
 * project's `total_resource_slots`), read as Backend.AI's `ResourceSlot.from_user_input` reads it
 * without known slot types: slot names as `cpu`, `mem` or `cuda.shares`; amounts numbers or
 * numeric strings, sizes (`"4g"`) for slots whose name mentions `mem`. Answers the exact decimal
 * strings to store; refuses with `invalid-api-params` naming `field` (and the slot) and what is
 * expected.
 */
export function userSlots(value: unknown, field: string): SlotsJSON {
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
