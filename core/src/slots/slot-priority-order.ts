import { parseSlotName } from './slot-name';

/** Backend.AI's default `agent-selection-resource-priority`. */
export const DEFAULT_SLOT_PRIORITY: readonly string[] = ['cuda', 'rocm', 'tpu', 'cpu', 'mem'];

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders slot names for comparing agents, as the legacy selectors do: the names in `priority`
 * first, in priority order, each device followed by its own sub-slots in name order (`cuda`,
 * `cuda.device`, `cuda.device:1g.5gb-mig`, `cuda.shares`); then every other name in name order.
 * Duplicates are dropped. A sub-slot listed in `priority` itself keeps its listed place.
 */
export function slotPriorityOrder(
  names: Iterable<string>,
  priority: readonly string[] = DEFAULT_SLOT_PRIORITY,
): string[] {
  const unique = [...new Set(names)];
  const expanded: string[] = [];
  for (const entry of priority) {
    expanded.push(entry);
    const subSlots = unique.filter(
      (name) => name !== entry && !priority.includes(name) && parseSlotName(name).device === entry,
    );
    expanded.push(...subSlots.sort(byName));
  }
  const rank = new Map(expanded.map((name, index) => [name, index] as const));
  const ranked = unique.filter((name) => rank.has(name)).sort((a, b) => rank.get(a)! - rank.get(b)!);
  const others = unique.filter((name) => !rank.has(name)).sort(byName);
  return [...ranked, ...others];
}
