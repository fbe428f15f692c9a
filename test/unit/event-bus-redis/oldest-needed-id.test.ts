import { expect } from 'chai';
import { oldestNeededId } from '@tessera/event-bus-redis';

describe('event-bus-redis: what trimming may remove', () => {
  const cases: Array<{
    title: string;
    groups: Parameters<typeof oldestNeededId>[0];
    expected: string | null;
  }> = [
    { title: 'no group: nothing will read old entries', groups: [], expected: null },
    {
      title: 'a group with nothing pending needs what comes after its last delivery',
      groups: [{ lastDeliveredId: '100-3', oldestPendingId: null }],
      expected: '100-4',
    },
    {
      title: 'a pending (delivered, unacknowledged) entry is kept',
      groups: [{ lastDeliveredId: '100-3', oldestPendingId: '90-0' }],
      expected: '90-0',
    },
    {
      title: 'the slowest group decides',
      groups: [
        { lastDeliveredId: '200-0', oldestPendingId: null },
        { lastDeliveredId: '50-0', oldestPendingId: null },
        { lastDeliveredId: '300-0', oldestPendingId: '120-0' },
      ],
      expected: '50-1',
    },
    {
      title: 'a group created on an empty stream keeps everything',
      groups: [{ lastDeliveredId: '0-0', oldestPendingId: null }],
      expected: '0-1',
    },
  ];
  for (const { title, groups, expected } of cases) {
    it(title, () => expect(oldestNeededId(groups)).to.equal(expected));
  }
});
