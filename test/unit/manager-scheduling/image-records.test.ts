import { expect } from 'chai';
import { imageRecordsFromHeartbeat } from '@tessera/manager-scheduling';

const SLOT_TYPES = { cpu: 'count', mem: 'bytes', 'cuda.device': 'count', 'cuda.shares': 'count' } as const;

describe('manager-scheduling: images from heartbeats', () => {
  it('reads ai.backend.resource.min.* labels into minimum slots, skipping values that are not amounts', () => {
    const images = imageRecordsFromHeartbeat(
      [
        { name: 'cr.backend.ai/stable/python:3.12', architecture: 'x86_64', labels: {} },
        {
          name: 'cr.backend.ai/stable/pytorch:2.3-cuda',
          architecture: 'x86_64',
          labels: {
            'ai.backend.resource.min.cpu': '2',
            'ai.backend.resource.min.mem': '4g',
            'ai.backend.resource.min.cuda.device': '1',
          },
        },
        { name: 'broken:1', architecture: 'x86_64', labels: { 'ai.backend.resource.min.mem': 'lots' } },
      ],
      SLOT_TYPES,
    );
    expect(images.map((i) => i.minSlots)).to.deep.equal([
      {},
      { cpu: '2', mem: '4294967296', 'cuda.device': '1' },
      {},
    ]);
  });
});
