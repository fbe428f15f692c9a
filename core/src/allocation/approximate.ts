import type Decimal from 'decimal.js';
import { ZERO } from './allocation-amounts';

const cache = new WeakMap<Decimal, number>();

/**
 * A decimal as the nearest double, memoised per (immutable) Decimal object: capacities and the
 * amounts of untouched devices are converted once, which keeps comparisons on large maps (128
 * cores) cheap. Only ever used to decide clear cases; near-ties fall back to exact comparison.
 */
export function approximate(value: Decimal): number {
  if (value === ZERO) return 0;
  let number = cache.get(value);
  if (number === undefined) {
    number = value.toNumber();
    cache.set(value, number);
  }
  return number;
}

/** Whether `value` is a whole number that doubles hold exactly. */
export function isSafeWhole(value: Decimal): boolean {
  if (value === ZERO) return true;
  return Number.isSafeInteger(approximate(value)) && value.isInteger();
}
