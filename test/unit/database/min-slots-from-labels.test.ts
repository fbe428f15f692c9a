import { expect } from 'chai';
import { minSlotsFromLabels } from '@tessera/database';

describe('database: minSlotsFromLabels', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>]> = [
    ['no labels', {}, {}],
    ['unrelated labels only', { 'ai.backend.kernelspec': '1', 'ai.backend.resource.max.cpu': '8' }, {}],
    ['cpu count', { 'ai.backend.resource.min.cpu': '2' }, { cpu: '2' }],
    ['memory with a binary suffix', { 'ai.backend.resource.min.mem': '256m' }, { mem: '268435456' }],
    ['memory with an iB suffix', { 'ai.backend.resource.min.mem': '1GiB' }, { mem: '1073741824' }],
    ['memory as plain bytes', { 'ai.backend.resource.min.mem': '1073741824' }, { mem: '1073741824' }],
    ['accelerator device', { 'ai.backend.resource.min.cuda.device': '1' }, { 'cuda.device': '1' }],
    ['fractional shares', { 'ai.backend.resource.min.cuda.shares': '0.25' }, { 'cuda.shares': '0.25' }],
  ];
  for (const [title, labels, expected] of cases) {
    it(`reads ${title}`, () => {
      const { minSlots, invalid } = minSlotsFromLabels(labels);
      expect(minSlots).to.deep.equal(expected);
      expect(invalid).to.deep.equal([]);
    });
  }

  it('reports a count slot written with a size suffix instead of guessing', () => {
    const { minSlots, invalid } = minSlotsFromLabels({ 'ai.backend.resource.min.cpu': '2g' });
    expect(minSlots).to.deep.equal({});
    expect(invalid.map((i) => i.label)).to.deep.equal(['ai.backend.resource.min.cpu']);
  });
});
