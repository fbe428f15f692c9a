import { expect } from 'chai';
import { tesseraFailure } from '../../../support/tessera-failure';
import { describeOnDrivers, type OpenDatabase } from '../support/database-drivers';

/** A global preset and one of the same name in a resource group, which the admin writes leave alone. */
const PRESETS = {
  resource_groups: [{ name: 'gpu', scheduler: 'fifo' }],
  resource_presets: [
    { name: 'small', resource_slots: { cpu: '1', mem: '1g' } },
    { name: 'small', resource_slots: { cpu: '8' }, resource_group: 'gpu' },
    { name: 'only-gpu', resource_slots: { cpu: '2' }, resource_group: 'gpu' },
  ],
};

describeOnDrivers('database: resource preset administration', (harness) => {
  let db: OpenDatabase;
  beforeEach(async function () {
    this.timeout(60_000);
    db = await harness.open();
    await db.database.fixtures.populate(PRESETS);
  });
  afterEach(async () => {
    await db?.database.close();
  });

  const presets = () => db.database.resourcePresets;
  const listed = async () =>
    (await presets().list()).map((p) => [p.name, p.resourceGroup, p.resourceSlots['cpu'], p.sharedMemory]);

  it('gets a global preset by name; a name only a resource group has, or none has, is null', async () => {
    expect(await presets().get('small')).to.deep.equal({
      name: 'small',
      resourceSlots: { cpu: '1', mem: String(1024 ** 3) },
      sharedMemory: null,
      resourceGroup: null,
    });
    expect(await presets().get('only-gpu')).to.equal(null);
    expect(await presets().get('nowhere')).to.equal(null);
  });

  it('creates a global preset, also under a name a resource group uses, and lists it', async () => {
    const created = await presets().create({
      name: 'only-gpu',
      resourceSlots: { cpu: '4', mem: '4294967296' },
      sharedMemory: 64 * 1024 * 1024,
    });
    expect(created).to.deep.equal({
      name: 'only-gpu',
      resourceSlots: { cpu: '4', mem: '4294967296' },
      sharedMemory: 64 * 1024 * 1024,
      resourceGroup: null,
    });
    expect(await presets().get('only-gpu')).to.deep.equal(created);
    const bare = await presets().create({ name: 'bare', resourceSlots: {} });
    expect(bare).to.deep.include({ resourceSlots: {}, sharedMemory: null });
    expect(await listed()).to.deep.equal([
      ['bare', null, undefined, null],
      ['only-gpu', null, '4', 64 * 1024 * 1024],
      ['only-gpu', 'gpu', '2', null],
      ['small', null, '1', null],
      ['small', 'gpu', '8', null],
    ]);
  });

  it('refuses a taken global name with object-already-exists, leaving the preset as it was', async () => {
    const before = await listed();
    const failure = await tesseraFailure(presets().create({ name: 'small', resourceSlots: { cpu: '9' } }));
    expect(failure.code).to.equal('object-already-exists');
    expect(failure.message).to.include('"small"');
    expect(await listed()).to.deep.equal(before);
  });

  it('modifies the slots and shared memory of the global preset only; null clears shared memory', async () => {
    const modified = await presets().modify('small', { sharedMemory: 1024 ** 3 });
    expect(modified).to.deep.equal({
      name: 'small',
      resourceSlots: { cpu: '1', mem: String(1024 ** 3) },
      sharedMemory: 1024 ** 3,
      resourceGroup: null,
    });
    await presets().modify('small', { resourceSlots: { cpu: '3' } });
    expect(await presets().get('small')).to.deep.include({
      resourceSlots: { cpu: '3' },
      sharedMemory: 1024 ** 3,
    });
    await presets().modify('small', { sharedMemory: null });
    expect(await presets().get('small')).to.deep.include({ resourceSlots: { cpu: '3' }, sharedMemory: null });
    expect((await presets().list(['gpu'])).find((p) => p.resourceGroup === 'gpu' && p.name === 'small'))
      .to.have.property('resourceSlots')
      .that.deep.equals({ cpu: '8' });
  });

  it('refuses to modify or delete a missing global preset with object-not-found, changing nothing', async () => {
    const before = await listed();
    for (const attempt of [
      presets().modify('nowhere', { resourceSlots: { cpu: '1' } }),
      presets().modify('only-gpu', { resourceSlots: { cpu: '1' } }),
      presets().delete('nowhere'),
      presets().delete('only-gpu'),
    ]) {
      const failure = await tesseraFailure(attempt);
      expect(failure.code).to.equal('object-not-found');
      expect(failure.message).to.match(/resource preset "(nowhere|only-gpu)"/);
    }
    expect(await listed()).to.deep.equal(before);
  });

  it("deletes the global preset, keeping a resource group's preset of the same name", async () => {
    await presets().delete('small');
    expect(await presets().get('small')).to.equal(null);
    expect(await listed()).to.deep.equal([
      ['only-gpu', 'gpu', '2', null],
      ['small', 'gpu', '8', null],
    ]);
  });
});
