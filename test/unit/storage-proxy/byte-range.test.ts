import { expect } from 'chai';
import { ifRangeMatches, parseRange } from '@tessera/storage-proxy';

describe('storage-proxy: Range and If-Range', () => {
  it('reads one range of the three forms, clamped to the file', () => {
    expect(parseRange('bytes=0-9', 100)).to.deep.equal({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).to.deep.equal({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).to.deep.equal({ start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).to.deep.equal({ start: 0, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).to.deep.equal({ start: 50, end: 99 });
  });

  it('serves the whole file for no header, other units, several ranges or garbage', () => {
    for (const header of [undefined, 'items=0-1', 'bytes=0-1,5-9', 'bytes=-', 'nonsense']) {
      expect(parseRange(header, 100), String(header)).to.equal(undefined);
    }
  });

  it('is unsatisfiable past the end, backwards, or for an empty file', () => {
    for (const header of ['bytes=100-', 'bytes=100-200', 'bytes=9-3', 'bytes=-0']) {
      expect(parseRange(header, 100), header).to.equal('unsatisfiable');
    }
    expect(parseRange('bytes=0-', 0)).to.equal('unsatisfiable');
  });

  it('If-Range matches the same entity tag or a date not older than the file (second precision)', () => {
    const mtime = new Date('2026-01-02T03:04:05.678Z');
    expect(ifRangeMatches(undefined, '"a"', mtime)).to.equal(true);
    expect(ifRangeMatches('"a"', '"a"', mtime)).to.equal(true);
    expect(ifRangeMatches('"b"', '"a"', mtime)).to.equal(false);
    expect(ifRangeMatches(mtime.toUTCString(), '"a"', mtime)).to.equal(true);
    expect(ifRangeMatches(new Date(mtime.getTime() - 2000).toUTCString(), '"a"', mtime)).to.equal(false);
    expect(ifRangeMatches('not a date', '"a"', mtime)).to.equal(false);
  });
});
