import { expect } from 'chai';
import { isAccelerator, isValidSlotName, parseSlotName, ResourceSlot } from '@tessera/core';
import { loadSlotFixture } from './slot-fixtures';

interface SlotNamesFixture {
  valid: Array<{ name: string; device: string; major: string; minor: string; accelerator: boolean }>;
  invalid: string[];
}

const fixture = loadSlotFixture<SlotNamesFixture>('slot-names');

describe('slots: names (fixtures/slots/slot-names.json)', () => {
  for (const c of fixture.valid) {
    it(`${c.name}: ${c.accelerator ? 'accelerator' : 'not an accelerator'}`, () => {
      expect(isValidSlotName(c.name)).to.equal(true);
      expect(parseSlotName(c.name)).to.deep.equal({ device: c.device, major: c.major, minor: c.minor });
      expect(isAccelerator(c.name)).to.equal(c.accelerator);
      expect(new ResourceSlot([[c.name, 1]]).keys()).to.deep.equal([c.name]);
    });
  }
  for (const name of fixture.invalid) {
    it(`refuses ${JSON.stringify(name)}`, () => {
      expect(isValidSlotName(name)).to.equal(false);
      expect(() => new ResourceSlot([[name, 1]])).to.throw('is not a valid resource slot name');
    });
  }
});
