import { expect } from 'chai';
import { ResourceSlot, type SlotTypeMap } from '@tessera/core';
import { expectSlotError, loadSlotFixture, type ExpectedError } from './slot-fixtures';

type Slots = Record<string, string>;

interface DisplayFixture {
  types: SlotTypeMap;
  cases: Array<{ name: string; slots: Slots; json: Slots; display: Slots; humanized: Slots }>;
  humanizeUnknown: { slots: Slots } & ExpectedError;
}

const fixture = loadSlotFixture<DisplayFixture>('display');

describe('slots: output forms (fixtures/slots/display.json)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const slots = ResourceSlot.fromJSON(c.slots);
      expect(slots.toJSON(), 'toJSON').to.deep.equal(c.json);
      expect(Object.keys(slots.toJSON()), 'sorted keys').to.deep.equal(Object.keys(c.json).sort());
      expect(slots.toDisplayJSON(), 'toDisplayJSON').to.deep.equal(c.display);
      expect(slots.toHumanized(fixture.types), 'toHumanized').to.deep.equal(c.humanized);
    });
  }

  it('JSON.stringify writes the exact form the database stores, and it reads back equal', () => {
    const slots = ResourceSlot.fromJSON({
      cpu: '0.333333333333',
      mem: '1073741824',
      'cuda.shares': 'Infinity',
    });
    const stored = JSON.parse(JSON.stringify(slots)) as Slots;
    expect(stored).to.deep.equal({ cpu: '0.333333333333', 'cuda.shares': 'Infinity', mem: '1073741824' });
    expect(ResourceSlot.fromJSON(stored).equals(slots)).to.equal(true);
  });

  it('refuses to humanise a slot whose type is unknown', () => {
    expectSlotError(
      () => ResourceSlot.fromJSON(fixture.humanizeUnknown.slots).toHumanized(fixture.types),
      fixture.humanizeUnknown,
    );
  });

  it('normalizes to the known slots, zero-filling and refusing or dropping unknown ones', () => {
    const known: SlotTypeMap = { cpu: 'count', mem: 'bytes', 'cuda.shares': 'count' };
    const request = ResourceSlot.fromJSON({ cpu: '1', 'tpu.device': '1' });
    expectSlotError(() => request.normalize(known), {
      code: 'unknown-resource-slot',
      messageIncludes: ['"tpu.device"'],
    });
    expect(request.normalize(known, { ignoreUnknown: true }).toJSON()).to.deep.equal({
      cpu: '1',
      'cuda.shares': '0',
      mem: '0',
    });
  });
});
