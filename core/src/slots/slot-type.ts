/**
 * How a slot is counted (Backend.AI's SlotTypes): `count` (cores, devices, fractional shares),
 * `bytes` (memory; user input takes binary suffixes) and `unique` (a MIG profile: one device,
 * allocated as exactly 0 or 1).
 */
export type SlotType = 'count' | 'bytes' | 'unique';

/** The slot types the cluster knows about, by slot name (`cpu`, `mem`, `cuda.device`, ...). */
export type SlotTypeMap = Record<string, SlotType>;

export const INTRINSIC_SLOT_TYPES: SlotTypeMap = { cpu: 'count', mem: 'bytes' };

export const SLOT_TYPES: readonly SlotType[] = ['count', 'bytes', 'unique'];

/** Backend.AI's guess when no type is known: a slot whose name mentions `mem` is in bytes. */
export function guessSlotType(slot: string): SlotType {
  return slot.includes('mem') ? 'bytes' : 'count';
}
