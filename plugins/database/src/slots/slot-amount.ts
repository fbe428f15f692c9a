import { parseAmount, type SlotType } from '@tessera/core';

/** Slots whose name mentions memory take size suffixes (`1g`), as Backend.AI guesses them. */
export function guessSlotType(slot: string): SlotType {
  return slot.includes('mem') ? 'bytes' : 'count';
}

/**
 * An amount as people write it (`2`, `0.5`, `256m`, `1GiB`, `Infinity`) as the exact decimal
 * string slot maps store. Throws `invalid-resource-amount` when it is not one.
 */
export function parseSlotAmount(slot: string, value: string | number): string {
  return parseAmount(slot, value, guessSlotType(slot)).toFixed();
}
