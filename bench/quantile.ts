/** The value below which a fraction `q` of the sorted values lie (nearest rank, no interpolation). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
