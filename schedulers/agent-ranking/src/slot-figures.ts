import { exact, type ResourceSlot } from '@tessera/core';
import { acceleratorDevicesOf } from './accelerator-types';

/**
 * Relative distance below which two floating-point figures are not trusted to order their exact
 * decimals. A decimal read as a float is off by at most one part in 2^53 (about 1e-16), so figures
 * further apart than this are ordered as their decimals are; closer ones (`0.1 + 0.2` written out
 * to 17 digits against `0.3`, byte counts beyond 2^53, Infinity) are settled on the decimals.
 */
const ROUNDING_MARGIN = 1e-9;

/**
 * A slot set prepared to be ranked many times: every amount as a float beside the exact decimal,
 * and the accelerator devices it holds. Slot sets are immutable and a candidate's figures repeat
 * across selections, so this is built once per slot set (see `measures.ts`), and a comparison
 * reads two floats instead of comparing two decimals.
 */
export class SlotFigures {
  private readonly approximate = new Map<string, number>();
  /**
   * Whether every amount is the decimal its float reads back as (`0.1`, `2`, `Infinity`; not
   * `9007199254740993`). Such decimals are the shortest forms of distinct floats, which are ordered
   * as the floats are, so two such sets compare exactly on floats alone, equal amounts included:
   * the common case, where agents with identical figures tie on every slot.
   */
  private readonly readsBack: boolean;
  /** Accelerator devices with some slot above zero (`cuda` for `cuda.device: 2`). */
  readonly devices: readonly string[];

  constructor(readonly exact: ResourceSlot) {
    let readsBack = true;
    for (const slot of exact.keys()) {
      const amount = exact.get(slot);
      const approximate = amount.toNumber();
      this.approximate.set(slot, approximate);
      if (readsBack && !exactly(approximate).eq(amount)) readsBack = false;
    }
    this.readsBack = readsBack;
    this.devices = acceleratorDevicesOf(exact);
  }

  /**
   * The order of this set's amount of `slot` against `other`'s: negative when smaller, zero when
   * equal, exactly as the decimals compare. Undefined when either lacks the slot.
   */
  compareSlot(other: SlotFigures, slot: string): number | undefined {
    const mine = this.approximate.get(slot);
    const theirs = other.approximate.get(slot);
    if (mine === undefined || theirs === undefined) return undefined;
    if (this.readsBack && other.readsBack) return mine < theirs ? -1 : mine > theirs ? 1 : 0;
    const margin = ROUNDING_MARGIN * Math.max(Math.abs(mine), Math.abs(theirs), 1);
    // Both comparisons are false for Infinity (the margin is then Infinity): decided exactly below.
    if (mine < theirs - margin) return -1;
    if (mine > theirs + margin) return 1;
    return this.exact.get(slot).cmp(other.exact.get(slot));
  }

  has(slot: string): boolean {
    return this.approximate.has(slot);
  }
}

/** A float as a decimal: its shortest form, which reads back as the same float. */
function exactly(value: number) {
  return exact(value);
}
