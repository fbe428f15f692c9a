import Decimal from 'decimal.js';

/** Exact text without exponent: `"0.0000001"`, `"20"` (for `2E+1`), `"Infinity"`, `"-Infinity"`. */
export function formatExactAmount(value: Decimal): string {
  if (value.isFinite()) return value.toFixed();
  return value.isNegative() ? '-Infinity' : 'Infinity';
}

/**
 * Display text as Backend.AI's API shows amounts: rounded to two decimals (half to even, like
 * Python's `quantize`), trailing zeros dropped, no exponent: `1.000000` -> `1`, `1.234567` -> `1.23`.
 */
export function formatDisplayAmount(value: Decimal): string {
  if (!value.isFinite()) return formatExactAmount(value);
  const rounded = value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
  return rounded.isZero() ? '0' : rounded.toFixed();
}

/** Removes the `_` digit separators Python accepts (`11_021_204`). */
export function stripDigitSeparators(text: string): string {
  return text.replace(/_/g, '');
}

const INFINITY_WORDS = new Set(['inf', 'infinite', 'infinity']);

/** `inf`, `infinite` and `infinity`, in any case, mean an unlimited amount. */
export function isInfinityWord(text: string): boolean {
  return INFINITY_WORDS.has(text.toLowerCase());
}
