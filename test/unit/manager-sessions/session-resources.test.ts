import { expect } from 'chai';
import { TesseraError, type ImageRecord } from '@tessera/core';
import { resolveImage, resolveRequestedSlots } from '@tessera/manager-sessions';

const SLOT_TYPES = { cpu: 'count', mem: 'bytes', 'cuda.device': 'count', 'cuda.shares': 'count' } as const;

describe('manager-sessions: image resolution', () => {
  const images: ImageRecord[] = [
    { name: 'cr.backend.ai/stable/python:3.12', architecture: 'x86_64', labels: {}, minSlots: {} },
    { name: 'cr.backend.ai/stable/r-base:4.4', architecture: 'x86_64', labels: {}, minSlots: {} },
    { name: 'cr.backend.ai/stable/r-base:4.3', architecture: 'x86_64', labels: {}, minSlots: {} },
  ];
  it('matches the canonical name, the name without registry, or an unambiguous repository name', () => {
    expect(resolveImage('cr.backend.ai/stable/python:3.12', images)?.name).to.equal(
      'cr.backend.ai/stable/python:3.12',
    );
    expect(resolveImage('python:3.12', images)?.name).to.equal('cr.backend.ai/stable/python:3.12');
    expect(resolveImage('python', images)?.name).to.equal('cr.backend.ai/stable/python:3.12');
  });
  it('does not guess between several tags, nor invent images', () => {
    expect(resolveImage('r-base', images)).to.equal(null);
    expect(resolveImage('r-base:4', images)).to.equal(null);
    expect(resolveImage('ruby', images)).to.equal(null);
  });
  it('takes the latest tag for a bare name, and a version prefix that names one image', () => {
    const local: ImageRecord[] = [
      { name: 'tessera/python:3.11-debian12', architecture: 'x86_64', labels: {}, minSlots: {} },
      { name: 'tessera/python:latest', architecture: 'x86_64', labels: {}, minSlots: {} },
      { name: 'tessera/python:31', architecture: 'x86_64', labels: {}, minSlots: {} },
    ];
    expect(resolveImage('python', local)?.name).to.equal('tessera/python:latest');
    expect(resolveImage('python:3', local)?.name).to.equal('tessera/python:3.11-debian12');
    expect(resolveImage('python:3.11', local)?.name).to.equal('tessera/python:3.11-debian12');
    expect(resolveImage('python:3.1', local)).to.equal(null);
    expect(resolveImage('tessera/python:3', local)).to.equal(null);
  });
});

describe('manager-sessions: requested slots', () => {
  const image: ImageRecord = { name: 'python:3.12', architecture: 'x86_64', labels: {}, minSlots: {} };

  it('uses Backend.AI default minimums (1 cpu, 1 GiB) when the image has no labels and the request names nothing', () => {
    expect(resolveRequestedSlots(null, image, SLOT_TYPES).toJSON()).to.deep.equal({
      cpu: '1',
      mem: '1073741824',
    });
    expect(resolveRequestedSlots({}, image, SLOT_TYPES).toJSON()).to.deep.equal({
      cpu: '1',
      mem: '1073741824',
    });
  });

  it('uses the image labels over the defaults', () => {
    const labelled = { ...image, minSlots: { mem: '2147483648', 'cuda.device': '1' } };
    expect(resolveRequestedSlots(null, labelled, SLOT_TYPES).toJSON()).to.deep.equal({
      cpu: '1',
      'cuda.device': '1',
      mem: '2147483648',
    });
  });

  it('parses units against the slot types, drops zeros and fills missing minimums', () => {
    expect(
      resolveRequestedSlots({ mem: '2g', 'cuda.shares': '0' }, image, SLOT_TYPES).toJSON(),
    ).to.deep.equal({ cpu: '1', mem: '2147483648' });
    expect(resolveRequestedSlots({ cpu: 4, 'cuda.device': 1 }, image, SLOT_TYPES).toJSON()).to.deep.equal({
      cpu: '4',
      'cuda.device': '1',
      mem: '1073741824',
    });
  });

  it('refuses a slot no agent reported, listing the known ones', () => {
    try {
      resolveRequestedSlots({ 'tpu.device': 1 }, image, SLOT_TYPES);
      expect.fail('accepted an unknown slot');
    } catch (error) {
      expect(error).to.be.instanceOf(TesseraError);
      expect((error as TesseraError).code).to.equal('unknown-resource-slot');
      expect((error as TesseraError).details['known']).to.include('cuda.device');
    }
  });

  it('refuses less than the image minimum', () => {
    try {
      resolveRequestedSlots({ mem: '512m' }, image, SLOT_TYPES);
      expect.fail('accepted a request below the minimum');
    } catch (error) {
      expect((error as TesseraError).status).to.equal(400);
      expect((error as TesseraError).message).to.include('mem 536870912 < 1073741824');
    }
  });
});
