import Decimal from 'decimal.js';
import type { DeviceAllocation } from '../domain/kernel-spec';
import { exact } from '../slots/exact-decimal';
import { InvalidResourceArgument } from './allocation-errors';

/** Per slot, per device amounts as the maps compute them: `{slot: {deviceId: amount}}`. */
export type AllocationAmounts = Record<string, Record<string, Decimal>>;

/** What callers may pass: Backend.AI's `DeviceAllocation` (strings) or decimals. */
export type AllocationInput = DeviceAllocation | Record<string, Record<string, Decimal.Value>>;

/** A request: slot name to amount (`{"cuda.shares": "0.5"}`). */
export type SlotRequest = Record<string, Decimal.Value>;

export const ZERO = exact(0);
/** The agent works on fractional amounts to two decimal places (upstream's `digits`). */
export const HUNDREDTH = exact('0.01');

/** Reads one amount, refusing what is not a finite number of zero or more (naming the slot). */
export function parseAmount(slot: string, value: unknown): Decimal {
  let amount: Decimal;
  try {
    amount = exact(value as Decimal.Value);
  } catch {
    throw InvalidResourceArgument.badAmount(slot, value, 'a decimal number such as "1" or "0.5"');
  }
  if (!amount.isFinite()) throw InvalidResourceArgument.badAmount(slot, value, 'a finite number');
  if (amount.isNegative()) throw InvalidResourceArgument.badAmount(slot, value, 'zero or more');
  return amount;
}

/** The largest multiple of `quantum` that is at most `value` (upstream's `round_down`). */
export function roundDown(value: Decimal, quantum: Decimal): Decimal {
  const remainder = value.mod(quantum);
  return remainder.isNegative() ? value.minus(remainder).minus(quantum) : value.minus(remainder);
}

/** Python's `Decimal.quantize(Decimal("0.01"))` under the default context (half to even). */
export function toHundredths(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** Truncates toward zero, as Python's `int(Decimal)`. */
export function truncate(value: Decimal): Decimal {
  return value.toDecimalPlaces(0, Decimal.ROUND_DOWN);
}

/** Decimals to Backend.AI's wire shape: plain notation, no exponent (`"0.5"`, `"2"`). */
export function toDeviceAllocation(amounts: AllocationAmounts): DeviceAllocation {
  const out: DeviceAllocation = {};
  for (const [slot, perDevice] of Object.entries(amounts)) {
    out[slot] = {};
    for (const [device, amount] of Object.entries(perDevice)) out[slot][device] = amount.toFixed();
  }
  return out;
}

/** Reads an allocation in either shape, refusing amounts that are not finite and non-negative. */
export function parseAllocation(input: AllocationInput): AllocationAmounts {
  const out: AllocationAmounts = {};
  for (const [slot, perDevice] of Object.entries(input)) {
    if (perDevice === null || typeof perDevice !== 'object') {
      throw InvalidResourceArgument.badAmount(slot, perDevice, 'an object of device id to amount');
    }
    out[slot] = {};
    for (const [device, amount] of Object.entries(perDevice)) out[slot][device] = parseAmount(slot, amount);
  }
  return out;
}
