import { expect } from 'chai';
import { TarWriter } from '@tessera/agent';
import { BackendClientError, readTarEntries, splitMultipartMixed } from '@tessera/client';

const STAT = { mode: 0o644, uid: 1000, gid: 1000, mtime: 1_700_000_000 };

describe('download answers: multipart/mixed parts and tar archives', () => {
  it('reads files, folders, long names (pax) and symlinks of an archive the agent writes', () => {
    const tar = new TarWriter(1 << 20);
    const longName = `deep/${'x'.repeat(120)}.txt`;
    tar.addDirectory('out', { ...STAT, mode: 0o755 });
    tar.addFile('out/a.txt', Buffer.from('alpha\n'), STAT);
    tar.addFile(longName, Buffer.from('long\n'), STAT);
    tar.addSymlink('out/link', 'a.txt', STAT);
    const entries = readTarEntries(tar.finish());
    expect(entries.map((entry) => [entry.path, entry.type, entry.content.toString()])).to.deep.equal([
      ['out', 'directory', ''],
      ['out/a.txt', 'file', 'alpha\n'],
      [longName, 'file', 'long\n'],
      ['out/link', 'other', ''],
    ]);
    expect(entries[1]!.mode).to.equal(0o644);
  });

  it('refuses an entry whose path leaves the download folder', () => {
    const tar = new TarWriter(1 << 20);
    tar.addFile('../evil.sh', Buffer.from('x'), STAT);
    expect(() => readTarEntries(tar.finish()))
      .to.throw(BackendClientError)
      .with.property('message')
      .that.includes('"../evil.sh"');
  });

  it('splits a multipart/mixed body into its parts, binary content included', () => {
    const first = Buffer.from([0, 1, 2, 13, 10, 45, 45]);
    const second = Buffer.from('second part');
    const body = Buffer.concat([
      Buffer.from('--b0\r\nContent-Type: application/x-tar\r\nContent-Encoding: identity\r\n\r\n'),
      first,
      Buffer.from('\r\n--b0\r\nContent-Type: application/x-tar\r\n\r\n'),
      second,
      Buffer.from('\r\n--b0--\r\n'),
    ]);
    expect(splitMultipartMixed(body, 'multipart/mixed; boundary=b0')).to.deep.equal([first, second]);
    expect(() => splitMultipartMixed(body, 'application/json')).to.throw('expected a multipart answer');
  });
});
