import Decimal from 'decimal.js';
import { exact } from './exact-decimal';
import { formatDisplayAmount, formatExactAmount, isInfinityWord, stripDigitSeparators } from './amount-text';
import { SlotErrors } from './slot-errors';

/** Binary size units, each 1024 times the previous: k(ibi), m(ebi), ... y(obi). */
export const BINARY_UNITS = ['k', 'm', 'g', 't', 'p', 'e', 'z', 'y'] as const;
export type BinaryUnit = (typeof BINARY_UNITS)[number];

/**
 * A number, optional spaces, an optional unit letter and an optional ending. With a unit the
 * ending may be `ibytes`, `ibyte`, `ib`, `bytes`, `byte` or `b` (`2 KiBytes`, `1 KiB`, `512k`);
 * without one only `bytes`, `byte` or `b` (`12345 B`, `1 byte`).
 */
const BINARY_SIZE =
  /^(?<sign>[-+]?)(?<number>\d+(?:\.\d*)?|\.\d+)\s*(?:(?<unit>[kmgtpezy])(?:i?b(?:ytes?)?)?|b(?:ytes?)?)?$/;

const BINARY_SIZE_EXPECTED = 'a whole number of bytes or a size such as 512m, 2g, 1.5 GiB, or inf';

function unitMultiplier(unit: BinaryUnit | ''): Decimal {
  return exact(1024).pow(unit === '' ? 0 : BINARY_UNITS.indexOf(unit) + 1);
}

function parseBinarySizeNumber(value: Decimal, subject: string, original: unknown): Decimal {
  if (value.isNaN()) throw SlotErrors.invalidAmount(subject, original, BINARY_SIZE_EXPECTED);
  if (value.isNegative() && !value.isZero()) throw SlotErrors.negativeAmount(subject, original);
  if (!value.isFinite()) return value;
  if (!value.isInteger()) throw SlotErrors.fractionalBytes(subject, original);
  return value.abs();
}

/**
 * Parses a byte size as Backend.AI's `BinarySize.from_str` does: units are powers of 1024
 * (`"2g"` = 2147483648, `"124.32 KiB"` = 127303), fractions of a unit are truncated
 * (`"1.1k"` = 1126), a plain number must be whole (`"1.1"` is an error), `_` separators are
 * allowed and `"inf"` is Infinity. `subject` names the slot or setting in error messages.
 */
export function parseBinarySize(input: string | number | Decimal, subject = 'size'): Decimal {
  if (typeof input !== 'string') return parseBinarySizeNumber(exact(input), subject, input);
  const text = stripDigitSeparators(input.trim()).toLowerCase();
  if (isInfinityWord(text)) return exact(Infinity);
  const match = BINARY_SIZE.exec(text);
  if (!match?.groups) throw SlotErrors.invalidAmount(subject, input, BINARY_SIZE_EXPECTED);
  const { sign, number, unit } = match.groups;
  const amount = exact(number!);
  if (sign === '-' && !amount.isZero()) throw SlotErrors.negativeAmount(subject, input);
  if (!unit) {
    if (!amount.isInteger()) throw SlotErrors.fractionalBytes(subject, input);
    return amount;
  }
  return amount.mul(unitMultiplier(unit as BinaryUnit)).trunc();
}

/** The largest unit index (0 = bytes) such that the size is at least one of that unit. */
function scaleIndex(bytes: Decimal): number {
  let index = 0;
  let scale = bytes.abs();
  while (scale.gte(1024) && index < BINARY_UNITS.length) {
    scale = scale.divToInt(1024);
    index += 1;
  }
  return index;
}

function inUnit(bytes: Decimal, unit: BinaryUnit | ''): string {
  return formatDisplayAmount(bytes.div(unitMultiplier(unit)));
}

/**
 * Long form, as `str(BinarySize(n))`: `"1 byte"`, `"930 bytes"`, `"1 KiB"`, `"103.45 KiB"`
 * (two decimals at most). Fractions of a byte are dropped; Infinity is `"Infinity"`.
 */
export function formatBinarySize(size: Decimal.Value): string {
  const bytes = exact(size);
  if (!bytes.isFinite()) return formatExactAmount(bytes);
  const whole = bytes.trunc();
  const index = scaleIndex(whole);
  if (index === 0) return `${whole.toFixed()} ${whole.eq(1) ? 'byte' : 'bytes'}`;
  const unit = BINARY_UNITS[index - 1]!;
  return `${inUnit(whole, unit)} ${unit.toUpperCase()}iB`;
}

/**
 * Short form, as `f"{BinarySize(n):s}"` and the humanised slot output: `"930"`, `"1k"`,
 * `"512k"`, `"1.5m"`, `"1g"`. With `unit` the size is shown in that unit (`"1024k"`, `"0.5m"`).
 */
export function formatBinarySizeShort(size: Decimal.Value, unit?: BinaryUnit): string {
  const bytes = exact(size);
  if (!bytes.isFinite()) return formatExactAmount(bytes);
  const whole = bytes.trunc();
  if (unit !== undefined) return `${inUnit(whole, unit)}${unit}`;
  const index = scaleIndex(whole);
  if (index === 0) return whole.toFixed();
  const auto = BINARY_UNITS[index - 1]!;
  return `${inUnit(whole, auto)}${auto}`;
}
