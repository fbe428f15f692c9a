import { parseAmount, TesseraError, type SlotsJSON, type SlotType } from '@tessera/core';

export const MIN_SLOT_LABEL_PREFIX = 'ai.backend.resource.min.';

export interface InvalidMinSlotLabel {
  label: string;
  value: string;
  reason: string;
}

export interface MinSlots {
  minSlots: SlotsJSON;
  /** Labels that could not be read; they are left out of `minSlots`. */
  invalid: InvalidMinSlotLabel[];
}

/** Slots whose name mentions memory take size suffixes (`1g`), as Backend.AI guesses them. */
function guessSlotType(slot: string): SlotType {
  return slot.includes('mem') ? 'bytes' : 'count';
}

/**
 * Reads `ai.backend.resource.min.<slot>` labels (`…min.cpu=1`, `…min.mem=1g`,
 * `…min.cuda.device=1`) into exact decimal strings. Images without such labels need nothing.
 */
export function minSlotsFromLabels(labels: Record<string, string>): MinSlots {
  const minSlots: SlotsJSON = {};
  const invalid: InvalidMinSlotLabel[] = [];
  for (const [label, value] of Object.entries(labels)) {
    if (!label.startsWith(MIN_SLOT_LABEL_PREFIX)) continue;
    const slot = label.slice(MIN_SLOT_LABEL_PREFIX.length);
    try {
      minSlots[slot] = parseAmount(slot, value, guessSlotType(slot)).toFixed();
    } catch (error) {
      if (!(error instanceof TesseraError)) throw error;
      invalid.push({ label, value, reason: error.message });
    }
  }
  return { minSlots, invalid };
}
