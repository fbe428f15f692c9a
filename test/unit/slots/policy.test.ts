import { expect } from 'chai';
import { ResourceSlot, type ResourcePolicySlots, type SlotTypeMap } from '@tessera/core';
import { expectSlotError, loadSlotFixture, type ExpectedError } from './slot-fixtures';

interface PolicyFixture {
  slotTypes: SlotTypeMap;
  cases: Array<{ name: string; policy: ResourcePolicySlots; expected: Record<string, string> }>;
  bad: Array<{ name: string; policy: ResourcePolicySlots } & ExpectedError>;
}

const fixture = loadSlotFixture<PolicyFixture>('policy');

describe('slots: limits from resource policies (fixtures/slots/policy.json)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      expect(ResourceSlot.fromPolicy(c.policy, fixture.slotTypes).toJSON()).to.deep.equal(c.expected);
    });
  }
  for (const c of fixture.bad) {
    it(`refuses ${c.name}`, () => {
      expectSlotError(() => ResourceSlot.fromPolicy(c.policy, fixture.slotTypes), c);
    });
  }

  it('an UNLIMITED policy admits any request on the slots it leaves out, a LIMITED one none', () => {
    const request = ResourceSlot.fromJSON({ cpu: '4', mem: '1099511627776' });
    const totalResourceSlots = { cpu: '8' };
    const unlimited = ResourceSlot.fromPolicy(
      { totalResourceSlots, defaultForUnspecified: 'UNLIMITED' },
      fixture.slotTypes,
    );
    const limited = ResourceSlot.fromPolicy(
      { totalResourceSlots, defaultForUnspecified: 'LIMITED' },
      fixture.slotTypes,
    );
    expect(request.lte(unlimited)).to.equal(true);
    expect(request.lte(limited)).to.equal(false);
    expect(request.shortfall(limited)).to.deep.equal({ mem: '1099511627776' });
  });
});
