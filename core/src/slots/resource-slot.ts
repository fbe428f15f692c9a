import Decimal from 'decimal.js';
import { TesseraError } from '../errors/tessera-error';

/** How a slot is counted (Backend.AI's SlotTypes). */
export type SlotType = 'count' | 'bytes' | 'unique';

/** The slot types the cluster knows about, by slot name (`cpu`, `mem`, `cuda.device`, ...). */
export type SlotTypeMap = Record<string, SlotType>;

export const INTRINSIC_SLOT_TYPES: SlotTypeMap = { cpu: 'count', mem: 'bytes' };

const BINARY_SUFFIX: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };
const SLOT_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+(:[a-z0-9_.-]+)?)?$/i;

/** Parses `"512m"`, `"2g"`, `"1.5"`, `4096` into an exact decimal. Units are binary (m = MiB). */
export function parseAmount(slot: string, value: string | number, type: SlotType = 'count'): Decimal {
  const text = String(value).trim().toLowerCase();
  if (text === 'inf' || text === 'infinity') return new Decimal(Infinity);
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtpe]?)(?:i?b)?$/.exec(text);
  if (!match) {
    throw TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" has an invalid amount`,
      {
        slot,
        value,
        expected: 'a non-negative number, optionally with a binary unit suffix (k, m, g, t)',
      },
    );
  }
  const [, number, suffix] = match;
  if (suffix && type !== 'bytes') {
    throw TesseraError.badRequest(
      'invalid-resource-amount',
      `Resource slot "${slot}" does not take a size suffix`,
      {
        slot,
        value,
        expected: 'a plain number',
      },
    );
  }
  return new Decimal(number!).mul(new Decimal(1024).pow(BINARY_SUFFIX[suffix!]!));
}

/**
 * An immutable map from slot name to an exact decimal amount. Missing keys count as zero in
 * arithmetic; comparisons are per slot, so two slots can be incomparable (neither fits the other).
 */
export class ResourceSlot {
  private readonly amounts: ReadonlyMap<string, Decimal>;

  constructor(amounts: Iterable<[string, Decimal.Value]> = []) {
    const map = new Map<string, Decimal>();
    for (const [name, value] of amounts) {
      if (!SLOT_NAME.test(name)) {
        throw TesseraError.badRequest(
          'invalid-resource-slot',
          `"${name}" is not a valid resource slot name`,
          {
            slot: name,
            expected: '<device>[.<major>[:<minor>]], for example cpu, mem or cuda.shares',
          },
        );
      }
      map.set(name, new Decimal(value));
    }
    this.amounts = map;
  }

  /** Builds slots from user input (`{cpu: "2", mem: "4g"}`), checking names against known types. */
  static parse(
    input: Record<string, string | number>,
    known: SlotTypeMap = INTRINSIC_SLOT_TYPES,
  ): ResourceSlot {
    const entries: Array<[string, Decimal]> = [];
    for (const [name, value] of Object.entries(input)) {
      const type = known[name];
      if (!type) {
        throw TesseraError.badRequest('unknown-resource-slot', `Unknown resource slot "${name}"`, {
          slot: name,
          known: Object.keys(known).sort(),
        });
      }
      entries.push([name, parseAmount(name, value, type)]);
    }
    return new ResourceSlot(entries);
  }

  /** From the JSON form (`{"cpu": "2", "mem": "4294967296"}`) stored in the database and on the wire. */
  static fromJSON(json: Record<string, string | number> | null | undefined): ResourceSlot {
    return new ResourceSlot(Object.entries(json ?? {}).map(([k, v]) => [k, new Decimal(v)]));
  }

  get(name: string): Decimal {
    return this.amounts.get(name) ?? new Decimal(0);
  }

  has(name: string): boolean {
    return this.amounts.has(name);
  }

  keys(): string[] {
    return [...this.amounts.keys()];
  }

  add(other: ResourceSlot): ResourceSlot {
    return this.combine(other, (a, b) => a.add(b));
  }

  subtract(other: ResourceSlot): ResourceSlot {
    return this.combine(other, (a, b) => a.sub(b));
  }

  /** True when every slot of `this` is at most the same slot of `capacity` (missing = 0). */
  fitsIn(capacity: ResourceSlot): boolean {
    return this.keys().every((name) => this.get(name).lte(capacity.get(name)));
  }

  /** The slots where `this` exceeds `capacity`, with the shortfall: what a "does not fit" reason shows. */
  shortfall(capacity: ResourceSlot): Record<string, string> {
    const missing: Record<string, string> = {};
    for (const name of this.keys()) {
      const diff = this.get(name).sub(capacity.get(name));
      if (diff.gt(0)) missing[name] = diff.toFixed();
    }
    return missing;
  }

  isZero(): boolean {
    return [...this.amounts.values()].every((v) => v.isZero());
  }

  equals(other: ResourceSlot): boolean {
    const names = new Set([...this.keys(), ...other.keys()]);
    return [...names].every((n) => this.get(n).eq(other.get(n)));
  }

  /** Wire and database form: decimal strings without exponents, keys sorted. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of this.keys().sort()) {
      const value = this.get(name);
      out[name] = value.isFinite() ? value.toFixed() : 'Infinity';
    }
    return out;
  }

  private combine(other: ResourceSlot, op: (a: Decimal, b: Decimal) => Decimal): ResourceSlot {
    const names = new Set([...this.keys(), ...other.keys()]);
    return new ResourceSlot([...names].map((n) => [n, op(this.get(n), other.get(n))]));
  }
}
