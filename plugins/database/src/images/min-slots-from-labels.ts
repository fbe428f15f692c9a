import { TesseraError, type SlotsJSON } from '@tessera/core';
import { parseSlotAmount } from '../slots/slot-amount';

export const MIN_SLOT_LABEL_PREFIX = 'ai.backend.resource.min.';
export const MAX_SLOT_LABEL_PREFIX = 'ai.backend.resource.max.';

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

export interface SlotLimits extends MinSlots {
  maxSlots: SlotsJSON;
}

function slotsWithPrefix(
  labels: Record<string, string>,
  prefix: string,
  invalid: InvalidMinSlotLabel[],
): SlotsJSON {
  const slots: SlotsJSON = {};
  for (const [label, value] of Object.entries(labels)) {
    if (!label.startsWith(prefix)) continue;
    const slot = label.slice(prefix.length);
    try {
      slots[slot] = parseSlotAmount(slot, value);
    } catch (error) {
      if (!(error instanceof TesseraError)) throw error;
      invalid.push({ label, value, reason: error.message });
    }
  }
  return slots;
}

/**
 * Reads `ai.backend.resource.min.<slot>` labels (`…min.cpu=1`, `…min.mem=1g`,
 * `…min.cuda.device=1`) into exact decimal strings. Images without such labels need nothing.
 */
export function minSlotsFromLabels(labels: Record<string, string>): MinSlots {
  const invalid: InvalidMinSlotLabel[] = [];
  return { minSlots: slotsWithPrefix(labels, MIN_SLOT_LABEL_PREFIX, invalid), invalid };
}

/** Both limits an image declares: `ai.backend.resource.min.*` and `ai.backend.resource.max.*`. */
export function slotLimitsFromLabels(labels: Record<string, string>): SlotLimits {
  const invalid: InvalidMinSlotLabel[] = [];
  const minSlots = slotsWithPrefix(labels, MIN_SLOT_LABEL_PREFIX, invalid);
  const maxSlots = slotsWithPrefix(labels, MAX_SLOT_LABEL_PREFIX, invalid);
  return { minSlots, maxSlots, invalid };
}
