import { expect } from 'chai';
import { compareStreamIds, earlierStreamId, nextStreamId } from '@tessera/event-bus-redis';

describe('event-bus-redis: stream ids', () => {
  it('orders ids by time then sequence, numerically (not as strings)', () => {
    expect(compareStreamIds('9-0', '10-0')).to.be.below(0);
    expect(compareStreamIds('10-2', '10-10')).to.be.below(0);
    expect(compareStreamIds('1795389651120-1', '1795389651120-0')).to.be.above(0);
    expect(compareStreamIds('5-5', '5-5')).to.equal(0);
  });

  it('gives the next id within the same millisecond, beyond 2^53', () => {
    expect(nextStreamId('1700000000000-0')).to.equal('1700000000000-1');
    expect(nextStreamId('1-18446744073709551614')).to.equal('1-18446744073709551615');
  });

  it('picks the earlier of two ids', () => {
    expect(earlierStreamId('10-0', '9-99')).to.equal('9-99');
    expect(earlierStreamId('3-1', '3-2')).to.equal('3-1');
  });
});
