import { parseAmount, type AgentInfo, type ImageRecord, type SlotTypeMap } from '@tessera/core';

const MIN_LABEL_PREFIX = 'ai.backend.resource.min.';

/**
 * Image records from a heartbeat's image list, with the `ai.backend.resource.min.*` labels read
 * into minimum slots (labels that are not amounts are left out; the database reports them).
 */
export function imageRecordsFromHeartbeat(
  images: AgentInfo['images'],
  slotTypes: SlotTypeMap,
): ImageRecord[] {
  return images.map((image): ImageRecord => {
    const minSlots: Record<string, string> = {};
    for (const [label, value] of Object.entries(image.labels)) {
      if (!label.startsWith(MIN_LABEL_PREFIX)) continue;
      const slot = label.slice(MIN_LABEL_PREFIX.length);
      try {
        minSlots[slot] = parseAmount(
          slot,
          value,
          slotTypes[slot] ?? (slot.includes('mem') ? 'bytes' : 'count'),
        ).toFixed();
      } catch {
        continue;
      }
    }
    return { name: image.name, architecture: image.architecture, labels: image.labels, minSlots };
  });
}
