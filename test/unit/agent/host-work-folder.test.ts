import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostWorkFolder } from '@tessera/agent';
import { TesseraError } from '@tessera/core';

async function refusal(action: () => Promise<unknown>): Promise<TesseraError> {
  try {
    await action();
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected a refusal, and nothing was thrown');
}

describe('agent: a kernel work folder on the host', () => {
  let base: string;
  let work: string;
  let outside: string;
  let folder: HostWorkFolder;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'tessera-work-folder-'));
    work = join(base, 'work');
    outside = join(base, 'outside');
    mkdirSync(work);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'host secret');
    folder = new HostWorkFolder(work);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('writes files, creating missing folders and overwriting what is there', async () => {
    await folder.write([
      { path: 'a.txt', content: Buffer.from('first') },
      { path: 'deep/er/b.txt', content: Buffer.from('bee') },
    ]);
    await folder.write([{ path: 'a.txt', content: Buffer.from('2') }]);
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).to.equal('2');
    expect(readFileSync(join(work, 'deep/er/b.txt'), 'utf8')).to.equal('bee');
  });

  it('never writes through a symlink the kernel planted, as a folder or as the file', async () => {
    symlinkSync(outside, join(work, 'escape'));
    symlinkSync(join(outside, 'secret.txt'), join(work, 'link.txt'));
    const viaFolder = await refusal(() =>
      folder.write([{ path: 'escape/new.txt', content: Buffer.from('x') }]),
    );
    expect(viaFolder.status).to.equal(400);
    expect(viaFolder.message).to.match(/"escape" is a symlink/);
    const viaFile = await refusal(() => folder.write([{ path: 'link.txt', content: Buffer.from('x') }]));
    expect(viaFile.message).to.match(/"link.txt" is a symlink/);
    expect(existsSync(join(outside, 'new.txt'))).to.equal(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).to.equal('host secret');
  });

  it('lists a folder with upstream fields, symlinks as symlinks, and refuses to list through one', async () => {
    await folder.write([{ path: 'data/x.csv', content: Buffer.from('1,2\n') }]);
    symlinkSync(outside, join(work, 'escape'));
    const listing = await folder.list('');
    expect(listing.path).to.equal('/home/work');
    expect(listing.files.map((f) => [f.filename, f.type, f.mode[0]])).to.deep.equal([
      ['data', 'directory', 'd'],
      ['escape', 'symlink', 'l'],
    ]);
    const data = await folder.list('data');
    expect(data.path).to.equal('/home/work/data');
    expect(data.files[0]).to.include({ filename: 'x.csv', type: 'file', size: 4, mode: '-rw-r--r--' });
    expect(data.files[0]!.mtime).to.be.closeTo(Date.now() / 1000, 60);
    expect((await refusal(() => folder.list('escape'))).message).to.match(/symlink/);
    const missing = await refusal(() => folder.list('nowhere'));
    expect(missing.status).to.equal(404);
    expect(missing.message).to.contain('/home/work/nowhere');
  });

  it('archives files and folders as tar (readable by tar itself), symlinks as links, never their targets', async () => {
    await folder.write([
      { path: 'top.txt', content: Buffer.from('top') },
      { path: 'dir/inner.txt', content: Buffer.from('inner') },
    ]);
    symlinkSync(join(outside, 'secret.txt'), join(work, 'dir', 'leak.txt'));
    const archive = await folder.archive(['top.txt', 'dir']);
    const unpacked = join(base, 'unpacked');
    mkdirSync(unpacked);
    writeFileSync(join(base, 'a.tar'), archive);
    execFileSync('tar', ['-xf', join(base, 'a.tar'), '-C', unpacked]);
    expect(readFileSync(join(unpacked, 'top.txt'), 'utf8')).to.equal('top');
    expect(readFileSync(join(unpacked, 'dir/inner.txt'), 'utf8')).to.equal('inner');
    const listed = execFileSync('tar', ['-tvf', join(base, 'a.tar')], { encoding: 'utf8' });
    expect(listed).to.match(/dir\/leak.txt -> .*secret.txt/);
    expect(archive.includes(Buffer.from('host secret'))).to.equal(false);
    expect((await refusal(() => folder.archive(['nope.txt']))).status).to.equal(404);
  });

  it('refuses to archive through a symlinked folder, and names an archive too large', async () => {
    symlinkSync(outside, join(work, 'escape'));
    expect((await refusal(() => folder.archive(['escape/secret.txt']))).message).to.match(/symlink/);
    const big = Buffer.alloc(1024 * 1024, 1);
    await folder.write([1, 2, 3, 4, 5].map((i) => ({ path: `big/${i}.bin`, content: big })));
    const tooLarge = await refusal(() => folder.archive(['big']));
    expect(tooLarge.status).to.equal(400);
    expect(tooLarge.message).to.match(/larger than/);
  });

  it('keeps long and non-ASCII names whole through pax records', async () => {
    const name = `${'long-folder-name/'.repeat(8)}naïve-file.txt`;
    await folder.write([{ path: name, content: Buffer.from('ok') }]);
    const archive = await folder.archive([name]);
    writeFileSync(join(base, 'long.tar'), archive);
    const listed = execFileSync('tar', ['-tf', join(base, 'long.tar')], { encoding: 'utf8' });
    expect(listed.trim()).to.equal(name);
  });
});
