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
  it('keeps aliases, installing agents and admin changes; forget and clear drop aliases too', async () => {
    const R_BASE = 'cr.example.com/stable/r-base:4.4';
    await database.images.upsertMany([
      { name: PYTHON, architecture: 'x86_64', labels: { 'ai.backend.resource.min.mem': '1g' }, minSlots: {} },
      { name: R_BASE, architecture: 'x86_64', labels: {}, minSlots: {} },
    ]);
    await database.agents.upsertFromHeartbeat(
      {
        agentId: 'i-images',
        address: 'tcp://127.0.0.1:6001',
        region: 'local',
        resourceGroup: 'default',
        architecture: 'x86_64',
        version: '0.1.0',
        availableSlots: { cpu: '4' },
        slotTypes: { cpu: 'count' },
        images: [],
        computePlugins: {},
      },
      new Date(),
    );
    await database.images.recordInstalled('i-images', [{ name: PYTHON, architecture: 'x86_64' }]);
    await database.images.addAlias('py', PYTHON, 'x86_64');
    const error = await database.images.addAlias('py', R_BASE, 'x86_64').catch((e: unknown) => e);
    expect((error as { code: string }).code).to.equal('object-already-exists');
    expect((await database.images.resolveDetails('py', 'x86_64'))!).to.deep.include({
      name: PYTHON,
      aliases: ['py'],
      installedAgents: ['i-images'],
    });
    expect((await database.images.list()).find((i) => i.name === PYTHON)!.aliases).to.deep.equal(['py']);

    await database.images.modify(PYTHON, 'x86_64', {
      resourceLimits: { cpu: { min: '1', max: '4' } },
      sizeBytes: 10,
    });
    // The same labels again (a heartbeat) keep the changed limits.
    await database.images.upsertMany([
      { name: PYTHON, architecture: 'x86_64', labels: { 'ai.backend.resource.min.mem': '1g' }, minSlots: {} },
    ]);
    const modified = (await database.images.resolveDetails(PYTHON, 'x86_64'))!;
    expect(modified).to.deep.include({ minSlots: { cpu: '1' }, maxSlots: { cpu: '4' }, sizeBytes: 10 });

    // A heartbeat without the image takes it off the agent; the same heartbeat again changes nothing.
    await database.images.recordInstalled('i-images', []);
    expect((await database.images.resolveDetails(PYTHON, 'x86_64'))!.installedAgents).to.deep.equal([]);
    await database.images.recordInstalled('i-images', [{ name: PYTHON, architecture: 'x86_64' }]);
    await database.images.recordInstalled('i-images', [{ name: PYTHON, architecture: 'x86_64' }]);
    expect((await database.images.resolveDetails(PYTHON, 'x86_64'))!.installedAgents).to.deep.equal([
      'i-images',
    ]);

    await database.agents.markStatus('i-images', 'LOST');
    expect((await database.images.resolveDetails(PYTHON, 'x86_64'))!.installedAgents).to.deep.equal([]);

    await database.images.forget('py', 'x86_64');
    expect(await database.images.find(PYTHON, 'x86_64')).to.equal(null);
    expect(await database.images.resolveDetails('py', 'x86_64')).to.equal(null);
    const missing = await database.images.removeAlias('py').catch((e: unknown) => e);
    expect((missing as { code: string }).code).to.equal('object-not-found');
    expect(await database.images.clearRegistry('cr.example.com')).to.equal(1);
    expect(await database.images.listDetails()).to.deep.equal([]);
  });
});
