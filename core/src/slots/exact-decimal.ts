import Decimal from 'decimal.js';

/**
 * The decimal constructor every slot amount is made with. decimal.js rounds results to 20
 * significant digits by default, which is not enough for byte counts with large suffixes
 * (`1.5y` has 25 digits) or sums of many of them; this copy keeps 100, so addition, subtraction
 * and multiplication of any realistic amounts are exact. Its values are ordinary `Decimal`s
 * (`instanceof Decimal` holds) that carry the higher precision into their own arithmetic.
 */
export const ExactDecimal = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

/** Converts without rounding; a `Decimal` made elsewhere keeps all its digits. */
export function exact(value: Decimal.Value): Decimal {
  return new ExactDecimal(value);
}
