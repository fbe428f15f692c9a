import { expect } from 'chai';
import {
  exceededSlots,
  formatExactAmount,
  remainingSlots,
  ResourceSlot,
  slotPriorityOrder,
  sumSlots,
  unutilizedAcceleratorTypes,
} from '@tessera/core';
import { loadSlotFixture } from './slot-fixtures';

type Slots = Record<string, string>;

interface CapacityFixture {
  remaining: Array<{ name: string; capacity: Slots; occupied: Slots; expected: Slots }>;
  exceeded: Array<{
    name: string;
    request: Slots;
    capacity: Slots;
    expected: Array<{ slot: string; requested: string; available: string; excess: string }>;
  }>;
  sum: Array<{ name: string; list: Slots[]; expected: Slots }>;
  priorityOrder: Array<{ name: string; names: string[]; priority?: string[]; expected: string[] }>;
  unutilized: Array<{ name: string; agentSlots: Slots; request: Slots; expected: string[] }>;
}

const fixture = loadSlotFixture<CapacityFixture>('capacity');

describe('slots: scheduler helpers (fixtures/slots/capacity.json)', () => {
  describe('remainingSlots', () => {
    for (const c of fixture.remaining) {
      it(c.name, () => {
        expect(remainingSlots(c.capacity, c.occupied).toJSON()).to.deep.equal(c.expected);
        expect(
          remainingSlots(ResourceSlot.fromJSON(c.capacity), ResourceSlot.fromJSON(c.occupied)).toJSON(),
        ).to.deep.equal(c.expected);
      });
    }
  });

  it('reads a slot set made by another copy of core through its toJSON', () => {
    const foreign = { amounts: new Map(), toJSON: () => ({ cpu: '8', mem: '1024' }) };
    expect(remainingSlots(foreign as unknown as ResourceSlot, { cpu: '2' }).toJSON()).to.deep.equal({
      cpu: '6',
      mem: '1024',
    });
  });

  describe('exceededSlots', () => {
    for (const c of fixture.exceeded) {
      it(c.name, () => {
        const exceeded = exceededSlots(c.request, c.capacity).map((e) => ({
          slot: e.slot,
          requested: formatExactAmount(e.requested),
          available: formatExactAmount(e.available),
          excess: formatExactAmount(e.excess),
        }));
        expect(exceeded).to.deep.equal(c.expected);
      });
    }
  });

  describe('sumSlots', () => {
    for (const c of fixture.sum) {
      it(c.name, () => expect(sumSlots(c.list).toJSON()).to.deep.equal(c.expected));
    }
  });

  describe('slotPriorityOrder', () => {
    for (const c of fixture.priorityOrder) {
      it(c.name, () => {
        const order = c.priority ? slotPriorityOrder(c.names, c.priority) : slotPriorityOrder(c.names);
        expect(order).to.deep.equal(c.expected);
      });
    }
    it('does not change the priority list it is given', () => {
      const priority = ['cuda', 'cpu'];
      slotPriorityOrder(['cuda.shares', 'cpu'], priority);
      expect(priority).to.deep.equal(['cuda', 'cpu']);
    });
  });

  describe('unutilizedAcceleratorTypes', () => {
    for (const c of fixture.unutilized) {
      it(c.name, () => expect(unutilizedAcceleratorTypes(c.agentSlots, c.request)).to.deep.equal(c.expected));
    }
  });
});
