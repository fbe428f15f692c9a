import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';

describe('embedded config store: ephemeral keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-ephemeral-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never writes them to the file, so a restart (the holder dying) drops them', async () => {
    const file = join(dir, 'config.json');
    const first = new FileBackedConfigStore(file);
    first.load({});
    await first.put('config/redis/addr', '127.0.0.1:8110');
    await first.putEphemeral('nodes/manager/i-1', '10.0.0.1:8091', 5000);
    expect(await first.get('nodes/manager/i-1')).to.equal('10.0.0.1:8091');
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ 'config/redis/addr': '127.0.0.1:8110' });

    const restarted = new FileBackedConfigStore(file);
    restarted.load({});
    expect(await restarted.list('')).to.deep.equal([['config/redis/addr', '127.0.0.1:8110']]);
  });

  it('makes a durable key ephemeral when put ephemerally, and durable again on a plain put', async () => {
    const file = join(dir, 'config.json');
    const store = new FileBackedConfigStore(file);
    store.load({});
    await store.put('nodes/storage/s-1', 'durable');
    await store.putEphemeral('nodes/storage/s-1', 'ephemeral', 5000);
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({});
    await store.put('nodes/storage/s-1', 'durable again');
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ 'nodes/storage/s-1': 'durable again' });
  });
});
