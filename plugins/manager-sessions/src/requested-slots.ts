import { ResourceSlot, type ImageRecord, type SlotTypeMap } from '@tessera/core';
import { SessionErrors } from './session-errors';

/** Backend.AI's minimums for an image without labels for them: 1 CPU core and 1 GiB of memory. */
const DEFAULT_MINIMUMS = ResourceSlot.fromJSON({ cpu: '1', mem: '1073741824' });

/** The image's minimum slots: its `ai.backend.resource.min.*` labels over Backend.AI's defaults. */
export function imageMinimum(image: ImageRecord): ResourceSlot {
  const labelled = ResourceSlot.fromJSON(image.minSlots);
  const defaults = DEFAULT_MINIMUMS.keys().filter((slot) => !labelled.has(slot));
  return labelled.add(new ResourceSlot(defaults.map((slot) => [slot, DEFAULT_MINIMUMS.get(slot)])));
}

/**
 * The slots a new session asks for: the user's `config.resources` (parsed against the slot types
 * agents reported; zero amounts dropped), completed with the image's minimums for slots the user
 * left out. A request below the image's minimum is refused.
 */
export function resolveRequestedSlots(
  resources: Record<string, string | number> | null,
  image: ImageRecord,
  slotTypes: SlotTypeMap,
): ResourceSlot {
  const minimum = imageMinimum(image);
  const parsed = ResourceSlot.parse(resources ?? {}, slotTypes);
  const requested = new ResourceSlot(
    parsed
      .keys()
      .filter((slot) => !parsed.get(slot).isZero())
      .map((slot) => [slot, parsed.get(slot)]),
  );
  const below: Record<string, { requested: string; minimum: string }> = {};
  for (const slot of requested.keys()) {
    if (requested.get(slot).lt(minimum.get(slot))) {
      below[slot] = { requested: requested.get(slot).toFixed(), minimum: minimum.get(slot).toFixed() };
    }
  }
  if (Object.keys(below).length > 0) throw SessionErrors.resourceBelowImageMinimum(image.name, below);
  const missing = minimum.keys().filter((slot) => !requested.has(slot));
  return requested.add(new ResourceSlot(missing.map((slot) => [slot, minimum.get(slot)])));
}
