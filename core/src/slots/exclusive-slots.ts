import { ResourceSlot, type SlotsLike } from './resource-slot';
import { parseSlotName } from './slot-name';
import { matchesSlotPattern } from './slot-pattern';

/** The CUDA plugin's exclusive slots: whole GPUs, fractional shares and MIG profiles do not mix. */
export const CUDA_EXCLUSIVE_SLOT_PATTERNS: readonly string[] = [
  'cuda.device:*-mig',
  'cuda.device',
  'cuda.shares',
];

/** Whether a request mixes exclusive slots; a conflict names the first two slots that clash. */
export type ExclusiveSlotCheck =
  { ok: true } | { ok: false; slots: [string, string]; patterns: [string, string]; reason: string };

/**
 * Checks that a request asks for at most one of its device's exclusive slots (Backend.AI's
 * `InvalidResourceCombination`). A slot takes part when its amount is above zero and it matches
 * one of `exclusivePatterns` (accelerator plugins' `exclusiveSlotTypes`, globs allowed). Two such
 * slots of the same device clash, including two different MIG profiles; slots of different
 * devices never do, so the patterns of several plugins can be passed together. Slots are
 * examined in name order, so the reported pair does not depend on key order.
 */
export function checkExclusiveSlots(
  request: SlotsLike,
  exclusivePatterns: readonly string[],
): ExclusiveSlotCheck {
  const slots = ResourceSlot.from(request);
  const seenByDevice = new Map<string, { slot: string; pattern: string }>();
  for (const slot of slots.keys().sort()) {
    if (!slots.get(slot).gt(0)) continue;
    const pattern = exclusivePatterns.find((candidate) => matchesSlotPattern(slot, candidate));
    if (pattern === undefined) continue;
    const device = parseSlotName(slot).device;
    const earlier = seenByDevice.get(device);
    if (earlier) {
      return {
        ok: false,
        slots: [earlier.slot, slot],
        patterns: [earlier.pattern, pattern],
        reason: `"${earlier.slot}" and "${slot}" cannot be requested together`,
      };
    }
    seenByDevice.set(device, { slot, pattern });
  }
  return { ok: true };
}
