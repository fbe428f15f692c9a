import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { parseAddressMap, parseByteSize, parseChunkSize, planUploads } from '@tessera/cli';

describe('tessera vfolder: option parsing', () => {
  const sizes: Array<[string, number]> = [
    ['0', 0],
    ['1073741824', 2 ** 30],
    ['512k', 512 * 1024],
    ['512K', 512 * 1024],
    ['16m', 16 * 2 ** 20],
    ['10g', 10 * 2 ** 30],
    ['1.5GiB', 1.5 * 2 ** 30],
    ['2 TB', 2 * 2 ** 40],
    ['100b', 100],
  ];
  for (const [text, bytes] of sizes) {
    it(`"${text}" is ${bytes} bytes`, () => expect(parseByteSize(text)).to.equal(bytes));
  }

  for (const bad of ['', 'ten', '-1', '5x', '1e3', 'g']) {
    it(`"${bad}" is refused, saying what a size looks like`, () => {
      expect(() => parseByteSize(bad))
        .to.throw(InvalidArgumentError)
        .with.property('message', `expected a size in bytes such as 1073741824, 512m or 10g, got "${bad}".`);
    });
  }

  it('a chunk is at least 64 KiB', () => {
    expect(parseChunkSize('64k')).to.equal(65536);
    expect(() => parseChunkSize('1k')).to.throw('expected at least 64k, got "1k".');
  });

  it('--override-storage-proxy reads FROM=TO pairs and names itself when wrong', () => {
    expect([...parseAddressMap('http://a:6021=http://b:1')]).to.deep.equal([['http://a:6021', 'http://b:1']]);
    expect(() => parseAddressMap('http://a:6021'))
      .to.throw(InvalidArgumentError)
      .with.property('message')
      .that.match(
        /^--override-storage-proxy must be a comma-separated list of FROM=TO addresses .* got "http:\/\/a:6021"\.$/,
      );
  });
});

describe('tessera vfolder upload: which files go where', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'tessera-vfolder-plan-'));
    mkdirSync(join(work, 'data', 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(work, 'data', 'a.csv'), 'a');
    writeFileSync(join(work, 'data', 'sub', 'b.csv'), 'b');
    writeFileSync(join(work, 'data', 'sub', 'deeper', 'c.csv'), 'c');
    writeFileSync(join(work, 'top.txt'), 't');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const remote = async (files: string[], flags = {}) =>
    (await planUploads(work, files, flags)).map((item) => item.remotePath).sort();

  it('paths relative to the working directory, or to --base-dir; outside it, the base name', async () => {
    expect(await remote(['top.txt', 'data/a.csv'])).to.deep.equal(['data/a.csv', 'top.txt']);
    expect(await remote(['data/sub/b.csv'], { baseDir: 'data' })).to.deep.equal(['sub/b.csv']);
    expect(await remote(['top.txt'], { baseDir: 'data' })).to.deep.equal(['top.txt']);
    const [planned] = await planUploads(work, ['data/a.csv'], {});
    expect(planned!.localPath).to.equal(join(work, 'data', 'a.csv'));
  });

  it('--dst-dir puts them under a directory in the folder', async () => {
    expect(await remote(['top.txt'], { dstDir: '/in/coming' })).to.deep.equal(['in/coming/top.txt']);
  });

  it('directories need -r, and then everything in them goes', async () => {
    const refused = await planUploads(work, ['data'], {}).catch((error: unknown) => error);
    expect((refused as Error).message).to.equal('data is a directory; add -r to upload it with its contents');
    expect(await remote(['data'], { recursive: true })).to.deep.equal([
      'data/a.csv',
      'data/sub/b.csv',
      'data/sub/deeper/c.csv',
    ]);
  });

  it('a missing file is a usage error naming it', async () => {
    const refused = await planUploads(work, ['nope.bin'], {}).catch((error: unknown) => error);
    expect(refused).to.have.property('name', 'UsageError');
    expect((refused as Error).message).to.equal('nope.bin: no such file');
  });
});
