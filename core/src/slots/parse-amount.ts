import Decimal from 'decimal.js';
import { exact } from './exact-decimal';
import { isInfinityWord, stripDigitSeparators } from './amount-text';
import { parseBinarySize } from './binary-size';
import { SlotErrors } from './slot-errors';
import type { SlotType } from './slot-type';

const PLAIN_NUMBER = /^(?<sign>[-+]?)(?<number>(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/;
const NUMBER_WITH_SIZE_SUFFIX = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*[kmgtpezy](?:i?b(?:ytes?)?)?$/;
const COUNT_EXPECTED = 'a non-negative number such as 2 or 0.5, or inf';

function checkCount(slot: string, value: Decimal, type: SlotType, original: unknown): Decimal {
  if (value.isNaN()) throw SlotErrors.invalidAmount(slot, original, COUNT_EXPECTED);
  if (value.isNegative() && !value.isZero()) throw SlotErrors.negativeAmount(slot, original);
  if (type === 'unique' && value.isFinite() && !value.isInteger()) {
    throw SlotErrors.fractionalUnique(slot, original);
  }
  return value.abs();
}

function parseCount(slot: string, input: string | number | Decimal, type: SlotType): Decimal {
  if (typeof input !== 'string') return checkCount(slot, exact(input), type, input);
  const text = stripDigitSeparators(input.trim()).toLowerCase();
  if (isInfinityWord(text)) return exact(Infinity);
  const match = PLAIN_NUMBER.exec(text);
  if (!match?.groups) {
    if (NUMBER_WITH_SIZE_SUFFIX.test(text)) throw SlotErrors.suffixNotAllowed(slot, input);
    throw SlotErrors.invalidAmount(slot, input, COUNT_EXPECTED);
  }
  const amount = exact(match.groups['number']!);
  if (match.groups['sign'] === '-' && !amount.isZero()) throw SlotErrors.negativeAmount(slot, input);
  return checkCount(slot, amount, type, input);
}

/**
 * Parses one amount of user input for a slot of the given type into an exact decimal:
 * - `bytes`: binary sizes (`"512m"`, `"2g"`, `"1.5 GiB"`, `4096`), whole bytes only (see
 *   `parseBinarySize`);
 * - `count`: plain decimals (`"1.5"`, `2`, `"1_000"`), kept exactly;
 * - `unique`: whole numbers of devices.
 * `"inf"` is Infinity for every type. Negative amounts, fractional bytes, size suffixes on counts
 * and anything unreadable throw a `TesseraError` naming the slot.
 */
export function parseAmount(
  slot: string,
  value: string | number | Decimal,
  type: SlotType = 'count',
): Decimal {
  if (type === 'bytes') return parseBinarySize(value, slot);
  return parseCount(slot, value, type);
}
