import { expect } from 'chai';
import { splitMounts } from '@tessera/client';

describe('client: -m NAME[:PATH] into mounts and mount_map', () => {
  it('keeps plain names, and maps NAME:PATH and NAME=PATH as Backend.AI’s CLI does', () => {
    expect(splitMounts(['data', 'models:/workspace/models', 'cache=tmp/cache'])).to.deep.equal({
      mounts: ['data', 'models', 'cache'],
      mountMap: { models: '/workspace/models', cache: 'tmp/cache' },
    });
  });

  it('answers nothing for no mounts', () => {
    expect(splitMounts([])).to.deep.equal({ mounts: [], mountMap: {} });
  });
});
