import { expect } from 'chai';
import type { Database } from '@tessera/core';
import { describeOnDrivers, type OpenDatabase } from '../support/database-drivers';

const PYTHON = 'cr.backend.ai/stable/python:3.11-ubuntu22.04';

describeOnDrivers('database: images', (harness) => {
  let db: OpenDatabase;
  let database: Database;

  beforeEach(async () => {
    db = await harness.open();
    database = db.database;
  });
  afterEach(() => db.database.close());

  it('stores images per architecture with minimum slots read from their labels', async () => {
    await database.images.upsertMany([
      {
        name: PYTHON,
        architecture: 'x86_64',
        labels: {
          'ai.backend.resource.min.cpu': '1',
          'ai.backend.resource.min.mem': '1g',
          'ai.backend.resource.min.cuda.shares': '0.1',
          'ai.backend.service-ports': 'jupyter:http:8080',
        },
        minSlots: {},
      },
      { name: PYTHON, architecture: 'aarch64', labels: {}, minSlots: {} },
    ]);
    const x86 = await database.images.find(PYTHON, 'x86_64');
    expect(x86!.minSlots).to.deep.equal({ cpu: '1', mem: '1073741824', 'cuda.shares': '0.1' });
    expect(x86!.labels['ai.backend.service-ports']).to.equal('jupyter:http:8080');
    expect((await database.images.find(PYTHON, 'aarch64'))!.minSlots).to.deep.equal({});
    expect((await database.images.find(PYTHON))!.architecture).to.equal('aarch64');
    expect(await database.images.find(PYTHON, 'riscv64')).to.equal(null);
    expect(await database.images.find('no/such:image')).to.equal(null);
    expect((await database.images.list()).map((i) => `${i.name}@${i.architecture}`)).to.deep.equal([
      `${PYTHON}@aarch64`,
      `${PYTHON}@x86_64`,
    ]);
  });

  it('updates the labels and minimum of a known image instead of adding a second row', async () => {
    await database.images.upsertMany([
      { name: PYTHON, architecture: 'x86_64', labels: { 'ai.backend.resource.min.mem': '1g' }, minSlots: {} },
    ]);
    await database.images.upsertMany([
      { name: PYTHON, architecture: 'x86_64', labels: { 'ai.backend.resource.min.mem': '2g' }, minSlots: {} },
    ]);
    const images = await database.images.list();
    expect(images).to.have.length(1);
    expect(images[0]!.minSlots).to.deep.equal({ mem: '2147483648' });
  });

  it('skips an unreadable minimum label with a warning and keeps the rest', async () => {
    await database.images.upsertMany([
      {
        name: PYTHON,
        architecture: 'x86_64',
        labels: { 'ai.backend.resource.min.cpu': 'lots', 'ai.backend.resource.min.mem': '512m' },
        minSlots: {},
      },
    ]);
    expect((await database.images.find(PYTHON))!.minSlots).to.deep.equal({ mem: '536870912' });
    const warning = db.log.lines.find((line) => line.message === 'image label ignored');
    expect(warning?.fields).to.deep.include({
      image: PYTHON,
      label: 'ai.backend.resource.min.cpu',
      value: 'lots',
    });
  });
});
