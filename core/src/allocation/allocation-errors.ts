import type Decimal from 'decimal.js';
import { TesseraError } from '../errors/tessera-error';

type AllocationErrorCode =
  | 'resource-error'
  | 'insufficient-resource'
  | 'fractional-resource-fragmented'
  | 'invalid-resource-combination'
  | 'invalid-resource-argument'
  | 'not-multiple-of-quantum';

const text = (amount: Decimal | number | string): string =>
  typeof amount === 'object' ? amount.toFixed() : String(amount);

const where = (contextTag: string | undefined): string => (contextTag ? ` on ${contextTag}` : '');

/**
 * Why an allocation map refused (Backend.AI's agent `ResourceError` family). Every subclass names
 * the slot and the amounts asked for and available; the map is unchanged when one is thrown. The
 * base class itself is thrown for what upstream also reports generically: a configuration that
 * cannot be allocated against (an allocation order missing a device key) and the "too many repeats"
 * guard of the discrete EVENLY strategy.
 */
export class AllocationError extends TesseraError {
  constructor(code: AllocationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }

  static tooManyRepeats(slot: string, requested: Decimal, contextTag?: string): AllocationError {
    return new AllocationError(
      'resource-error',
      `Slot "${slot}"${where(contextTag)}: asked for ${text(requested)}, ` +
        'but spreading it over the devices made no progress after 100 rounds (devices with fractional free amounts)',
      { slot, requested: text(requested) },
    );
  }

  static deviceKeyNotInOrder(deviceKey: string, order: readonly string[]): AllocationError {
    return new AllocationError(
      'resource-error',
      `Device key "${deviceKey}" is not in the allocation order [${order.join(', ')}]; ` +
        `add it to the agent's allocation-order`,
      { deviceKey, order: [...order] },
    );
  }

  static affinityMapLacks(deviceName: string, known: readonly string[]): AllocationError {
    return new AllocationError(
      'resource-error',
      `The affinity map has no device named "${deviceName}" (it has: ${known.join(', ') || 'none'}); ` +
        'build it from the devices of every allocation map',
      { deviceName, known: [...known] },
    );
  }
}

/** The devices together have less free than asked for (or no device provides the slot). */
export class InsufficientResource extends AllocationError {
  constructor(
    slot: string,
    requested: Decimal,
    available: Decimal | number,
    contextTag?: string,
    reason?: string,
  ) {
    super(
      'insufficient-resource',
      `Insufficient "${slot}"${where(contextTag)}: asked for ${text(requested)}, ${text(available)} available` +
        (reason ? ` (${reason})` : ''),
      { slot, requested: text(requested), available: text(available), ...(contextTag ? { contextTag } : {}) },
    );
  }
}

/** The resource group forbids fragmented fractional allocations and this one would be. */
export class FractionalResourceFragmented extends AllocationError {
  constructor(slot: string, requested: Decimal, free: ReadonlyArray<[string, Decimal]>, contextTag?: string) {
    const perDevice = free.map(([device, amount]) => `${device}: ${text(amount)}`).join(', ');
    super(
      'fractional-resource-fragmented',
      `Slot "${slot}"${where(contextTag)}: asked for ${text(requested)}, which would be fragmented across devices ` +
        `(free per device: ${perDevice || 'no device'}) and fragmentation is not allowed here`,
      {
        slot,
        requested: text(requested),
        free: Object.fromEntries(free.map(([device, amount]) => [device, text(amount)])),
      },
    );
  }
}

/** Two exclusive slots (a whole GPU and its shares, two MIG profiles, ...) in one request. */
export class InvalidResourceCombination extends AllocationError {
  constructor(first: string, firstAmount: Decimal, second: string, secondAmount: Decimal) {
    super(
      'invalid-resource-combination',
      `Slots "${first}" (asked for ${text(firstAmount)}) and "${second}" (asked for ${text(secondAmount)}) ` +
        'cannot be allocated at the same time',
      { slots: [first, second], requested: { [first]: text(firstAmount), [second]: text(secondAmount) } },
    );
  }
}

/** An amount or device the map cannot take: a unique slot asked for other than 1, an unknown device, ... */
export class InvalidResourceArgument extends AllocationError {
  constructor(
    message: string,
    details: Record<string, unknown> = {},
    code: 'invalid-resource-argument' | 'not-multiple-of-quantum' = 'invalid-resource-argument',
  ) {
    super(code, message, details);
  }

  static uniqueNotOne(slot: string, requested: Decimal): InvalidResourceArgument {
    return new InvalidResourceArgument(
      `Slot "${slot}" is a unique slot: only 1 may be allocated (asked for ${text(requested)})`,
      { slot, requested: text(requested), expected: '1' },
    );
  }

  static badAmount(slot: string, value: unknown, expected: string): InvalidResourceArgument {
    return new InvalidResourceArgument(
      `Slot "${slot}" has an invalid amount "${String(value)}": expected ${expected}`,
      { slot, value: String(value), expected },
    );
  }

  static unknownDevice(
    slot: string,
    deviceId: string,
    known: readonly string[],
    masked: boolean,
  ): InvalidResourceArgument {
    const why = masked
      ? 'is masked on this agent'
      : `is not one of its devices (${known.join(', ') || 'none'})`;
    return new InvalidResourceArgument(`Slot "${slot}": device "${deviceId}" ${why}`, {
      slot,
      deviceId,
      known: [...known],
    });
  }

  static freeTooMuch(
    slot: string,
    deviceId: string,
    amount: Decimal,
    allocated: Decimal,
  ): InvalidResourceArgument {
    return new InvalidResourceArgument(
      `Slot "${slot}": cannot free ${text(amount)} from device "${deviceId}", only ${text(allocated)} is allocated there`,
      { slot, deviceId, requested: text(amount), allocated: text(allocated) },
    );
  }
}

/** A fractional amount that rounds down to nothing at the map's quantum. */
export class NotMultipleOfQuantum extends InvalidResourceArgument {
  constructor(slot: string, requested: Decimal, quantum: Decimal, available: Decimal, contextTag?: string) {
    super(
      `Slot "${slot}"${where(contextTag)}: asked for ${text(requested)}, but the amount actually allocated rounds ` +
        `down to zero at the quantum ${text(quantum)} (${text(available)} available); ask for a multiple of ${text(quantum)}`,
      { slot, requested: text(requested), quantum: text(quantum), available: text(available) },
      'not-multiple-of-quantum',
    );
  }
}
