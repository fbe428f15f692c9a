import { expect } from 'chai';
import { parseImageReference, slotLimitsFromLabels } from '@tessera/database';

describe('database: image references and limits', () => {
  const cases: Array<[string, ReturnType<typeof parseImageReference>]> = [
    [
      'cr.backend.ai/stable/python:3.11-ubuntu22.04',
      { registry: 'cr.backend.ai', repository: 'stable/python', tag: '3.11-ubuntu22.04', digest: null },
    ],
    ['python:3', { registry: 'index.docker.io', repository: 'library/python', tag: '3', digest: null }],
    ['python', { registry: 'index.docker.io', repository: 'library/python', tag: 'latest', digest: null }],
    [
      'lablup/python-ff:22',
      { registry: 'index.docker.io', repository: 'lablup/python-ff', tag: '22', digest: null },
    ],
    [
      'localhost:5000/team/app',
      { registry: 'localhost:5000', repository: 'team/app', tag: 'latest', digest: null },
    ],
    [
      'registry.local/app:1@sha256:abcd',
      { registry: 'registry.local', repository: 'app', tag: '1', digest: 'sha256:abcd' },
    ],
  ];
  for (const [reference, expected] of cases) {
    it(`splits ${reference}`, () => {
      expect(parseImageReference(reference)).to.deep.equal(expected);
    });
  }

  it('reads both the minimum and the maximum an image declares', () => {
    const limits = slotLimitsFromLabels({
      'ai.backend.resource.min.cpu': '1',
      'ai.backend.resource.min.mem': '1g',
      'ai.backend.resource.max.cuda.device': '2',
      'ai.backend.resource.max.mem': 'bogus',
    });
    expect(limits.minSlots).to.deep.equal({ cpu: '1', mem: '1073741824' });
    expect(limits.maxSlots).to.deep.equal({ 'cuda.device': '2' });
    expect(limits.invalid.map((bad) => [bad.label, bad.value])).to.deep.equal([
      ['ai.backend.resource.max.mem', 'bogus'],
    ]);
  });
});
