import { expect } from 'chai';
import { TesseraError, type ImageDetails } from '@tessera/core';
import { resolveImage } from '@tessera/manager-sessions';
import { checkArchitecture, imageChanges, imageView, isOperation } from '@tessera/manager-images';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    expect((error as TesseraError).code).to.equal('invalid-api-params');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('manager-images: modify_image props', () => {
  it('reads every field upstream has into changes, amounts as decimals, empty bounds as none', () => {
    expect(
      imageChanges({
        name: 'cr.backend.ai/stable/python:3.13',
        tag: '3.13',
        size_bytes: 1024,
        type: 'SYSTEM',
        digest: '',
        labels: [{ key: 'a', value: 'b' }],
        supported_accelerators: ['cuda', ' '],
        resource_limits: [
          { key: 'cpu', min: '1', max: '' },
          { key: 'mem', min: '1g', max: '4g' },
        ],
      }),
    ).to.deep.equal({
      name: 'cr.backend.ai/stable/python:3.13',
      tag: '3.13',
      sizeBytes: 1024,
      type: 'SYSTEM',
      digest: null,
      labels: { a: 'b' },
      accelerators: ['cuda'],
      resourceLimits: { cpu: { min: '1' }, mem: { min: '1073741824', max: '4294967296' } },
    });
    expect(imageChanges({ name: null, labels: null })).to.deep.equal({});
  });

  it('refuses bad props naming the field and what is expected', () => {
    expect(refusal(() => imageChanges({ resource_limits: [{ key: 'cpu', max: 'many' }] }))).to.contain(
      'props.resource_limits[0].max: expected an amount',
    );
    expect(refusal(() => imageChanges({ resource_limits: [{ min: '1' }] }))).to.contain(
      'props.resource_limits[0].key: expected a slot name',
    );
    expect(refusal(() => imageChanges({ labels: [{ value: 'x' }] }))).to.contain('props.labels[0].key');
    expect(refusal(() => imageChanges({ size_bytes: -1 }))).to.contain('props.size_bytes');
    expect(refusal(() => imageChanges({ type: 'GAME' }))).to.contain('props.type: expected one of COMPUTE');
    expect(refusal(() => imageChanges({ architecture: 'amd64x' }))).to.contain(
      'props.architecture: expected one of',
    );
    expect(refusal(() => imageChanges({ name: 'a b' }))).to.contain('props.name');
  });

  it('knows the architectures images are built for', () => {
    expect(checkArchitecture('aarch64')).to.equal('aarch64');
    expect(refusal(() => checkArchitecture('sparc'))).to.match(
      /^architecture: expected one of x86_64, .*"sparc"/,
    );
  });
});

describe('manager-images: the Image view', () => {
  const details: ImageDetails = {
    id: 'b1c1b1c1-0000-4000-8000-000000000001',
    name: 'cr.backend.ai/stable/python:3.12',
    architecture: 'x86_64',
    registry: 'cr.backend.ai',
    repository: 'stable/python',
    tag: '3.12',
    digest: null,
    sizeBytes: 0,
    type: 'COMPUTE',
    labels: { 'ai.backend.features': 'batch operation' },
    minSlots: { mem: '1073741824', cpu: '1' },
    maxSlots: { cpu: '4' },
    accelerators: [],
    aliases: ['py'],
    installedAgents: [],
  };
  it('shows limits per slot with "0" and "Infinity" for missing bounds, and installed from alive agents', () => {
    const view = imageView(details);
    expect(view.resource_limits).to.deep.equal([
      { key: 'cpu', min: '1', max: '4' },
      { key: 'mem', min: '1073741824', max: 'Infinity' },
    ]);
    expect(view).to.include({ installed: false, is_local: true, humanized_name: details.name, hash: null });
    expect(imageView({ ...details, installedAgents: ['i-1'] })).to.include({ installed: true });
  });
  it('tells operation images by ai.backend.features', () => {
    expect(isOperation(details.labels)).to.equal(true);
    expect(isOperation({ 'ai.backend.features': 'batch' })).to.equal(false);
    expect(isOperation({})).to.equal(false);
  });
});

describe('manager-sessions: image resolution honours aliases', () => {
  const images = [
    { name: 'cr.backend.ai/stable/python:3.12', aliases: ['py'] },
    { name: 'cr.backend.ai/stable/py:1.0', aliases: [] },
  ];
  it('takes an exact name first, then an alias, before any partial match', () => {
    expect(resolveImage('py', images)?.name).to.equal('cr.backend.ai/stable/python:3.12');
    expect(resolveImage('cr.backend.ai/stable/py:1.0', images)?.name).to.equal('cr.backend.ai/stable/py:1.0');
    expect(resolveImage('py:1.0', images)?.name).to.equal('cr.backend.ai/stable/py:1.0');
  });
});
