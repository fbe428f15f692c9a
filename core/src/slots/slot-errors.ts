import { TesseraError } from '../errors/tessera-error';

const SLOT_NAME_GRAMMAR = '<device>[.<major>[:<minor>]], for example cpu, mem or cuda.shares';

/** Every error about resource slots, built in one place so messages name the slot and the value. */
export const SlotErrors = {
  invalidName(name: string): TesseraError {
    return TesseraError.badRequest('invalid-resource-slot', `"${name}" is not a valid resource slot name`, {
      slot: name,
      expected: SLOT_NAME_GRAMMAR,
    });
  },

  unknownSlot(name: string, known: readonly string[]): TesseraError {
    const hint = name === 'shmem' ? ' (shared memory is set in resource_opts, not in resources)' : '';
    return TesseraError.badRequest('unknown-resource-slot', `Unknown resource slot "${name}"${hint}`, {
      slot: name,
      known: [...known].sort(),
    });
  },

  invalidAmount(slot: string, value: unknown, expected: string): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" has an invalid amount "${String(value)}": expected ${expected}`,
      { slot, value: String(value), expected },
    );
  },

  negativeAmount(slot: string, value: unknown): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" cannot be negative (got "${String(value)}")`,
      { slot, value: String(value), expected: 'zero or more' },
    );
  },

  fractionalBytes(slot: string, value: unknown): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" is counted in bytes and "${String(value)}" is not a whole number of bytes`,
      { slot, value: String(value), expected: 'a whole number of bytes, or a size such as 1.5g or 512m' },
    );
  },

  suffixNotAllowed(slot: string, value: unknown): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" does not take a size suffix (got "${String(value)}")`,
      { slot, value: String(value), expected: 'a plain number' },
    );
  },

  fractionalUnique(slot: string, value: unknown): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" counts whole devices and "${String(value)}" is not a whole number`,
      { slot, value: String(value), expected: 'a whole number of devices' },
    );
  },

  /** `Infinity - Infinity` (or `Infinity + -Infinity`) has no value; reaching it is a bug. */
  undefinedResult(slot: string, operation: string): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" has no defined result for ${operation} of infinite amounts`,
      { slot, operation },
    );
  },

  /** Two slots that cannot be asked for together, such as a whole GPU and a MIG profile. */
  exclusiveCombination(first: string, second: string): TesseraError {
    return TesseraError.badRequest(
      'invalid-resource-combination',
      `Resource slots "${first}" and "${second}" cannot be requested together`,
      { slots: [first, second] },
    );
  },
};
