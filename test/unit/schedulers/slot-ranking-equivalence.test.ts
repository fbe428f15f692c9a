import { expect } from 'chai';
import {
  ResourceSlot,
  isAccelerator,
  parseSlotName,
  slotPriorityOrder,
  type AgentCandidate,
  type AgentSelector,
} from '@tessera/core';
import { SlotFigures } from '@tessera/agent-ranking';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { DispersedSelector } from '@tessera/agent-selector-dispersed';
import { LegacySelector } from '@tessera/agent-selector-legacy';
import { agentRecord } from './scheduling-fixtures';

/**
 * The slot-comparing selectors rank on floats and fall back to exact decimals only when floats
 * cannot tell. These tests hold them to a plain exact-decimal ranking over random agent sets built
 * from amounts floats get wrong: equal-looking decimals, byte counts beyond 2^53, Infinity,
 * negative remainders, missing slots.
 */

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Amounts whose floats collide or round: each group holds decimals one float cannot separate. */
const AMOUNTS = [
  '0',
  '-0',
  '0.1',
  '0.2',
  '0.3',
  '0.30000000000000001',
  '0.30000000000000004',
  '0.3000000000000000444089209850062616169452667236328125',
  `0.${'3'.repeat(60)}`,
  '0.3333333333333333',
  '1',
  '2',
  '4',
  '4.000000000000000000001',
  '32',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740994',
  '137438953472',
  '137438953473',
  '1500000000000000000000000',
  '1500000000000000000000001',
  '1e30',
  '-1',
  '-0.5',
  'Infinity',
  '-Infinity',
];

const SLOTS = ['cpu', 'mem', 'cuda.device', 'cuda.shares', 'rocm.device', 'tpu.device'];

function slotSet(next: () => number, presence: number): Record<string, string> {
  const slots: Record<string, string> = {};
  for (const slot of SLOTS)
    if (next() < presence) slots[slot] = AMOUNTS[Math.floor(next() * AMOUNTS.length)]!;
  return slots;
}

/** Backend.AI's ranking written the obvious way: every comparison on exact decimals. */
function referencePick(
  request: Record<string, string>,
  candidates: readonly AgentCandidate[],
  measure: 'remaining' | 'capacity',
  prefer: 'least' | 'most',
  slotPriority: readonly string[],
): string | null {
  const requested = ResourceSlot.fromJSON(request);
  const order = slotPriorityOrder(requested.keys(), slotPriority);
  const devicesAboveZero = (slots: ResourceSlot) =>
    new Set(
      slots
        .keys()
        .filter((slot) => isAccelerator(slot) && slots.get(slot).gt(0))
        .map((slot) => parseSlotName(slot).device),
    );
  const used = devicesAboveZero(requested);
  const ranked = candidates.map((candidate) => {
    const capacity = ResourceSlot.fromJSON(candidate.agent.availableSlots);
    return {
      id: candidate.agent.id,
      idle: [...devicesAboveZero(capacity)].filter((device) => !used.has(device)).length,
      figures: ResourceSlot.fromJSON(
        measure === 'remaining' ? candidate.remaining : candidate.agent.availableSlots,
      ),
    };
  });
  const before = (a: (typeof ranked)[number], b: (typeof ranked)[number]): boolean => {
    if (a.idle !== b.idle) return a.idle < b.idle;
    for (const slot of order) {
      const hasA = a.figures.has(slot);
      const hasB = b.figures.has(slot);
      if (hasA !== hasB) return hasA;
      if (!hasA) continue;
      const ascending = a.figures.get(slot).cmp(b.figures.get(slot));
      if (ascending !== 0) return prefer === 'least' ? ascending < 0 : ascending > 0;
    }
    return false;
  };
  let best: (typeof ranked)[number] | undefined;
  for (const entry of ranked) if (!best || before(entry, best)) best = entry;
  return best?.id ?? null;
}

interface Variant {
  name: string;
  measure: 'remaining' | 'capacity';
  prefer: 'least' | 'most';
  build(slotPriority: readonly string[]): AgentSelector;
}

const VARIANTS: Variant[] = [
  {
    name: 'concentrated',
    measure: 'remaining',
    prefer: 'least',
    build: (slotPriority) => new ConcentratedSelector({ slotPriority }),
  },
  {
    name: 'dispersed',
    measure: 'remaining',
    prefer: 'most',
    build: (slotPriority) => new DispersedSelector({ slotPriority }),
  },
  {
    name: 'legacy',
    measure: 'capacity',
    prefer: 'most',
    build: (slotPriority) => new LegacySelector({ slotPriority }),
  },
];

const PRIORITIES: ReadonlyArray<readonly string[]> = [
  ['cuda', 'rocm', 'tpu', 'cpu', 'mem'],
  ['mem', 'cpu'],
  [],
];

describe('agent-ranking: float ranking matches exact decimals', () => {
  it('orders two amounts of a slot exactly as their decimals, for every pair of tricky amounts', () => {
    const figures = AMOUNTS.map((amount) => new SlotFigures(ResourceSlot.fromJSON({ cpu: amount })));
    for (const a of figures) {
      for (const b of figures) {
        const exact = a.exact.get('cpu').cmp(b.exact.get('cpu'));
        expect(a.compareSlot(b, 'cpu'), `${a.exact.get('cpu')} vs ${b.exact.get('cpu')}`).to.equal(exact);
      }
    }
    // Unequal decimals that read as the same float are still told apart.
    const low = new SlotFigures(ResourceSlot.fromJSON({ mem: '9007199254740992' }));
    const high = new SlotFigures(ResourceSlot.fromJSON({ mem: '9007199254740993' }));
    expect(low.compareSlot(high, 'mem')).to.equal(-1);
    expect(low.compareSlot(high, 'cpu')).to.equal(undefined);
  });

  for (const variant of VARIANTS) {
    it(`picks what the exact-decimal ranking picks: ${variant.name}, 1,000 random selections`, () => {
      const next = generator(variant.name.length * 7919);
      for (let round = 0; round < 1_000; round++) {
        const slotPriority = PRIORITIES[round % PRIORITIES.length]!;
        const request = slotSet(next, 0.6);
        const count = 1 + Math.floor(next() * 12);
        // Few distinct slot sets, so candidates often tie and are told apart by tiny differences.
        const pool = Array.from({ length: 4 }, () => slotSet(next, 0.85));
        const candidates = Array.from({ length: count }, (_, i): AgentCandidate => {
          const capacity = pool[Math.floor(next() * pool.length)]!;
          return {
            agent: agentRecord({ id: `agent-${i}`, availableSlots: capacity }),
            remaining: next() < 0.3 ? capacity : pool[Math.floor(next() * pool.length)]!,
          };
        });
        const expected = referencePick(request, candidates, variant.measure, variant.prefer, slotPriority);
        const result = variant
          .build(slotPriority)
          .select({ kernelId: 'k', architecture: 'x86_64', slots: request }, candidates, undefined);
        const context = JSON.stringify({
          request,
          slotPriority,
          candidates: candidates.map((c) => c.remaining),
        });
        expect(result.kind === 'selected' ? result.agentId : null, context).to.equal(expected);
      }
    });
  }

  it('re-reads a candidate whose remaining slots were replaced instead of ranking stale figures', () => {
    const selector = new ConcentratedSelector({ slotPriority: ['cpu'] });
    const first: AgentCandidate = {
      agent: agentRecord({ id: 'a', availableSlots: { cpu: '8' } }),
      remaining: { cpu: '2' },
    };
    const second: AgentCandidate = {
      agent: agentRecord({ id: 'b', availableSlots: { cpu: '8' } }),
      remaining: { cpu: '4' },
    };
    const request = { kernelId: 'k', architecture: 'x86_64', slots: { cpu: '1' } };
    expect(selector.select(request, [first, second])).to.deep.equal({
      kind: 'selected',
      agentId: 'a',
    });
    first.remaining = { cpu: '6' };
    expect(selector.select(request, [first, second])).to.deep.equal({
      kind: 'selected',
      agentId: 'b',
    });
  });
});
