import Decimal from 'decimal.js';
import { formatBinarySizeShort } from './binary-size';
import { formatDisplayAmount, formatExactAmount } from './amount-text';
import { exact } from './exact-decimal';
import { parseAmount } from './parse-amount';
import { SlotErrors } from './slot-errors';
import { isValidSlotName } from './slot-name';
import { INTRINSIC_SLOT_TYPES, type SlotTypeMap } from './slot-type';

// Kept importable from this module, where they used to live (contracts/accelerator.ts reads SlotType here).
export { INTRINSIC_SLOT_TYPES, type SlotType, type SlotTypeMap } from './slot-type';

/** How two slot sets relate under the per-slot (product) order. */
export type SlotComparison = 'less' | 'equal' | 'greater' | 'incomparable';

/** What a resource policy leaves unspecified: `UNLIMITED` (Infinity) or `LIMITED` (zero). */
export type DefaultForUnspecified = 'UNLIMITED' | 'LIMITED';

/** The slot part of a keypair resource policy (or a group or domain limit). */
export interface ResourcePolicySlots {
  totalResourceSlots: Readonly<Record<string, string | number | null | undefined>>;
  defaultForUnspecified: DefaultForUnspecified;
}

/** A slot set or its JSON form (`{"cpu": "2", "mem": "4294967296"}`); null amounts are ignored. */
export type SlotsLike = ResourceSlot | Readonly<Record<string, Decimal.Value | null | undefined>>;

function toAmount(name: string, value: Decimal.Value): Decimal {
  let amount: Decimal;
  try {
    amount = exact(value);
  } catch {
    throw SlotErrors.invalidAmount(name, value, 'a decimal number or Infinity');
  }
  if (amount.isNaN()) throw SlotErrors.invalidAmount(name, value, 'a decimal number or Infinity');
  return amount;
}

/**
 * An immutable map from slot name to an exact decimal amount (Infinity allowed). Arithmetic runs
 * over the union of keys with missing slots counting as zero; comparisons are per slot, so two
 * slot sets can be incomparable (neither fits in the other).
 */
export class ResourceSlot {
  private readonly amounts: ReadonlyMap<string, Decimal>;

  constructor(amounts: Iterable<[string, Decimal.Value]> = []) {
    const map = new Map<string, Decimal>();
    for (const [name, value] of amounts) {
      if (!isValidSlotName(name)) throw SlotErrors.invalidName(name);
      map.set(name, toAmount(name, value));
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
      if (!type) throw SlotErrors.unknownSlot(name, Object.keys(known));
      entries.push([name, parseAmount(name, value, type)]);
    }
    return new ResourceSlot(entries);
  }

  /** From the JSON form stored in the database and sent on the wire; no unit parsing. */
  static fromJSON(
    json: Readonly<Record<string, Decimal.Value | null | undefined>> | null | undefined,
  ): ResourceSlot {
    const entries = Object.entries(json ?? {}).filter(
      (entry): entry is [string, Decimal.Value] => entry[1] != null,
    );
    return new ResourceSlot(entries);
  }

  /**
   * Takes a slot set as it is, or reads its JSON form. A slot set made by another copy of this
   * module (which `instanceof` does not recognise) is read through its `toJSON`.
   */
  static from(slots: SlotsLike): ResourceSlot {
    if (slots instanceof ResourceSlot) return slots;
    const foreign = (slots as { toJSON?: unknown }).toJSON;
    if (typeof foreign === 'function')
      return ResourceSlot.fromJSON(foreign.call(slots) as Record<string, string>);
    return ResourceSlot.fromJSON(slots);
  }

  /**
   * The limit a policy sets, over every known slot: its `totalResourceSlots` parsed by slot type
   * (slots the cluster does not know are ignored), and the slots it leaves out set to Infinity
   * (`UNLIMITED`) or zero (`LIMITED`).
   */
  static fromPolicy(policy: ResourcePolicySlots, slotTypes: SlotTypeMap): ResourceSlot {
    const fill = exact(policy.defaultForUnspecified === 'UNLIMITED' ? Infinity : 0);
    return new ResourceSlot(
      Object.entries(slotTypes).map(([name, type]): [string, Decimal] => {
        const value = policy.totalResourceSlots[name];
        return [name, value == null ? fill : parseAmount(name, value, type)];
      }),
    );
  }

  /** The per-slot order of `a` relative to `b`; see `compare`. */
  static compare(a: SlotsLike, b: SlotsLike): SlotComparison {
    return ResourceSlot.from(a).compare(ResourceSlot.from(b));
  }

  get(name: string): Decimal {
    return this.amounts.get(name) ?? exact(0);
  }

  has(name: string): boolean {
    return this.amounts.has(name);
  }

  keys(): string[] {
    return [...this.amounts.keys()];
  }

  add(other: ResourceSlot): ResourceSlot {
    return this.combine(other, 'addition', (a, b) => a.add(b));
  }

  subtract(other: ResourceSlot): ResourceSlot {
    return this.combine(other, 'subtraction', (a, b) => a.sub(b));
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
      if (diff.gt(0)) missing[name] = formatExactAmount(diff);
    }
    return missing;
  }

  isZero(): boolean {
    return [...this.amounts.values()].every((v) => v.isZero());
  }

  equals(other: ResourceSlot): boolean {
    return this.unionKeys(other).every((n) => this.get(n).eq(other.get(n)));
  }

  /**
   * Per-slot comparison over the union of keys (missing = 0): `equal` when every slot is equal,
   * `less` when none is greater and one is less, `greater` the other way round, otherwise
   * `incomparable` (`{a: 4, b: 100}` against `{a: 3, b: 200}`).
   */
  compare(other: ResourceSlot): SlotComparison {
    let less = false;
    let greater = false;
    for (const name of this.unionKeys(other)) {
      const order = this.get(name).cmp(other.get(name));
      if (order < 0) less = true;
      if (order > 0) greater = true;
    }
    if (less && greater) return 'incomparable';
    if (less) return 'less';
    return greater ? 'greater' : 'equal';
  }

  /** No slot of `this` is above `other` (upstream `a <= b`). */
  lte(other: ResourceSlot): boolean {
    const order = this.compare(other);
    return order === 'less' || order === 'equal';
  }

  /** `lte` and not equal (upstream `a < b`). */
  lt(other: ResourceSlot): boolean {
    return this.compare(other) === 'less';
  }

  /** No slot of `this` is below `other` (upstream `a >= b`). */
  gte(other: ResourceSlot): boolean {
    const order = this.compare(other);
    return order === 'greater' || order === 'equal';
  }

  /** `gte` and not equal (upstream `a > b`). */
  gt(other: ResourceSlot): boolean {
    return this.compare(other) === 'greater';
  }

  /**
   * Restricted to the known slots, with the missing ones set to zero (upstream
   * `normalize_slots`). A slot the cluster does not know is an error unless `ignoreUnknown`.
   */
  normalize(known: SlotTypeMap, options: { ignoreUnknown?: boolean } = {}): ResourceSlot {
    const unknown = this.keys().filter((name) => !(name in known));
    if (unknown.length > 0 && !options.ignoreUnknown) {
      throw SlotErrors.unknownSlot(unknown.sort()[0]!, Object.keys(known));
    }
    return new ResourceSlot(Object.keys(known).map((name) => [name, this.get(name)]));
  }

  /** Wire and database form: exact decimal strings without exponents, keys sorted. */
  toJSON(): Record<string, string> {
    return this.mapSorted(formatExactAmount);
  }

  /** API display form: two decimals at most (`"1.23"`, `"1"`), Infinity as `"Infinity"`. */
  toDisplayJSON(): Record<string, string> {
    return this.mapSorted(formatDisplayAmount);
  }

  /** Human form: byte slots as `1g`, `512k`; other slots as in `toDisplayJSON`. */
  toHumanized(types: SlotTypeMap): Record<string, string> {
    return this.mapSorted((value, name) => {
      const type = types[name];
      if (!type) throw SlotErrors.unknownSlot(name, Object.keys(types));
      return type === 'bytes' ? formatBinarySizeShort(value) : formatDisplayAmount(value);
    });
  }

  private mapSorted(format: (value: Decimal, name: string) => string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of this.keys().sort()) out[name] = format(this.get(name), name);
    return out;
  }

  private unionKeys(other: ResourceSlot): string[] {
    return [...new Set([...this.keys(), ...other.keys()])];
  }

  private combine(
    other: ResourceSlot,
    operation: string,
    op: (a: Decimal, b: Decimal) => Decimal,
  ): ResourceSlot {
    return new ResourceSlot(
      this.unionKeys(other).map((name): [string, Decimal] => {
        const result = op(this.get(name), other.get(name));
        if (result.isNaN()) throw SlotErrors.undefinedResult(name, operation);
        return [name, result];
      }),
    );
  }
}

/** The per-slot order of `a` relative to `b`: `less`, `equal`, `greater` or `incomparable`. */
export function compareSlots(a: SlotsLike, b: SlotsLike): SlotComparison {
  return ResourceSlot.compare(a, b);
}
