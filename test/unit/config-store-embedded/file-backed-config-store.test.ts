import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';

describe('embedded config store persistence', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tessera-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps keys across a restart and does not overwrite them with initial values', async () => {
    const file = join(dir, 'config.json');
    const first = new FileBackedConfigStore(file);
    first.load({ 'config/redis/addr': '127.0.0.1:6379' });
    await first.put('config/redis/addr', '127.0.0.1:8110');
    const second = new FileBackedConfigStore(file);
    second.load({ 'config/redis/addr': '127.0.0.1:6379' });
    expect(await second.get('config/redis/addr')).to.equal('127.0.0.1:8110');
  });

  it('refuses a corrupt file, naming it, instead of starting empty', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, '{ not json');
    expect(() => new FileBackedConfigStore(file).load({})).to.throw(
      /config store file .*config\.json is not valid JSON/,
    );
  });
});
