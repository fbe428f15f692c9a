import { expect } from 'chai';
import { KERNEL_FILE_LIMITS, TesseraError, workRelativePath } from '@tessera/core';
import {
  batches,
  completionRequest,
  downloadPaths,
  listPath,
  singleDownloadPath,
  uploadWrites,
} from '@tessera/manager-session-files';

function refusal(action: () => unknown): TesseraError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected a refusal, and nothing was thrown');
}

describe('manager-session-files: paths and request limits', () => {
  it('takes paths relative to /home/work or absolute under it, normalised', () => {
    const table: Array<[string, string | null]> = [
      ['a.txt', 'a.txt'],
      ['./dir/../b.txt', 'b.txt'],
      ['/home/work/x/y.py', 'x/y.py'],
      ['/home/work', ''],
      ['.', ''],
      ['dir//sub/', 'dir/sub'],
      ['../etc/passwd', null],
      ['x/../../y', null],
      ['/etc/passwd', null],
      ['/home/workshop/a', null],
      ['/home/work/../work2/a', null],
      ['bad\0name', null],
    ];
    for (const [path, expected] of table) expect(workRelativePath(path), path).to.equal(expected);
  });

  it('refuses an upload whose file name leaves /home/work, naming the field and the file', () => {
    const error = refusal(() =>
      uploadWrites([
        { field: 'src', filename: 'ok.txt', content: Buffer.from('1') },
        { field: 'src', filename: '../../etc/cron.d/evil', content: Buffer.from('2') },
      ]),
    );
    expect(error.status).to.equal(400);
    expect(error.details).to.deep.equal({ field: 'src', filename: '../../etc/cron.d/evil' });
    expect(error.message).to.contain('../../etc/cron.d/evil');
    expect(
      uploadWrites([{ field: 'src', filename: '/home/work/d/a.txt', content: Buffer.from('1') }]),
    ).to.deep.equal([{ path: 'd/a.txt', content: Buffer.from('1') }]);
  });

  it('reads download paths from the query (one or repeated) or a JSON body, at most five', () => {
    expect(downloadPaths({ files: 'a.txt' }, undefined)).to.deep.equal(['a.txt']);
    expect(downloadPaths({ files: ['a', 'b'] }, undefined)).to.deep.equal(['a', 'b']);
    expect(downloadPaths({}, { files: ['c'] })).to.deep.equal(['c']);
    const tooMany = refusal(() => downloadPaths({ files: ['1', '2', '3', '4', '5', '6'] }, undefined));
    expect(tooMany.status).to.equal(400);
    expect(tooMany.details).to.include({
      field: 'files',
      count: 6,
      max: KERNEL_FILE_LIMITS.maxDownloadPaths,
    });
    expect(refusal(() => downloadPaths({}, undefined)).details).to.deep.equal({ field: 'files' });
    expect(refusal(() => downloadPaths({ files: ['a', '../x'] }, undefined)).details).to.include({
      field: 'files',
    });
  });

  it('defaults the listed path to /home/work and refuses one outside', () => {
    expect(listPath({}, undefined)).to.equal('.');
    expect(listPath({}, { path: 'data' })).to.equal('data');
    expect(listPath({ path: '/home/work/x' }, { path: 'ignored' })).to.equal('/home/work/x');
    expect(refusal(() => listPath({ path: '/' }, undefined)).details).to.include({ field: 'path' });
  });

  it('wants a file, not /home/work, for download_single', () => {
    expect(singleDownloadPath({ file: 'a.txt' }, undefined)).to.equal('a.txt');
    expect(refusal(() => singleDownloadPath({ file: '/home/work' }, undefined)).details).to.include({
      field: 'file',
    });
    expect(refusal(() => singleDownloadPath({}, undefined)).details).to.deep.equal({ field: 'file' });
  });

  it('takes a completion body with code and options, refusing other shapes by field', () => {
    expect(completionRequest({ code: 'pri', options: { row: 0, col: 3 } })).to.deep.equal({
      code: 'pri',
      options: { row: 0, col: 3 },
    });
    expect(completionRequest(undefined)).to.deep.equal({ code: '', options: {} });
    expect(refusal(() => completionRequest({ code: 3 })).details).to.deep.equal({ field: 'code' });
    expect(refusal(() => completionRequest({ code: '', options: [] })).details).to.deep.equal({
      field: 'options',
    });
  });

  it('splits an upload over agent calls of at most maxUploadBytesPerCall bytes, keeping the order', () => {
    const mib = (tag: string) => ({ path: tag, content: Buffer.alloc(KERNEL_FILE_LIMITS.maxFileBytes, tag) });
    const files = ['a', 'b', 'c', 'd', 'e', 'f'].map(mib);
    const calls = batches(files);
    expect(calls.map((call) => call.map((file) => file.path))).to.deep.equal([
      ['a', 'b', 'c', 'd'],
      ['e', 'f'],
    ]);
    expect(Buffer.from(calls[1]![0]!.content, 'base64').equals(files[4]!.content)).to.equal(true);
  });
});
