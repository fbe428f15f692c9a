/**
 * Orders slot names for comparison: slots matching an entry of `priority` first, in priority
 * order (an entry matches its own name and its sub-slots, so `cuda` covers `cuda.device` and
 * `cuda.shares`), then every other slot; ties in name order.
 */
export function orderSlotsByPriority(slots: Iterable<string>, priority: readonly string[]): string[] {
  const rank = (slot: string): number => {
    const index = priority.findIndex((entry) => slot === entry || slot.startsWith(`${entry}.`));
    return index === -1 ? priority.length : index;
  };
  return [...new Set(slots)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
