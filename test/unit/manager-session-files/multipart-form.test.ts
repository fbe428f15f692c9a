import { expect } from 'chai';
import { Readable } from 'node:stream';
import { KERNEL_FILE_LIMITS, TesseraError } from '@tessera/core';
import { boundaryOf, firstTarFile, multipartMixed, readFormFiles } from '@tessera/manager-session-files';
import { TarWriter } from '@tessera/agent';

const BOUNDARY = '----tessera-test-boundary';

function form(
  parts: Array<{ name: string; filename?: string; content: Buffer | string; starName?: string }>,
): Buffer {
  const chunks: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const part of parts) {
    let disposition = `form-data; name="${part.name}"`;
    if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
    if (part.starName) disposition += `; filename*=UTF-8''${encodeURIComponent(part.starName)}`;
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const contentType = `multipart/form-data; boundary=${BOUNDARY}`;

async function refusal(body: Buffer, type = contentType): Promise<TesseraError> {
  try {
    await readFormFiles(type, Readable.from([body]));
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected a refusal, and the upload was accepted');
}

describe('manager-session-files: multipart/form-data uploads', () => {
  it('reads every file part with its field, name and exact bytes (CRLFs and binary inside)', async () => {
    const binary = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const files = await readFormFiles(
      contentType,
      Readable.from([
        form([
          { name: 'src', filename: 'a.txt', content: 'line 1\r\nline 2\r\n' },
          { name: 'src', filename: 'dir/b.bin', content: binary },
          { name: 'src', filename: 'plain.txt', starName: 'données/é.txt', content: '' },
        ]),
      ]),
    );
    expect(files.map((f) => [f.field, f.filename])).to.deep.equal([
      ['src', 'a.txt'],
      ['src', 'dir/b.bin'],
      ['src', 'données/é.txt'],
    ]);
    expect(files[0]!.content.toString()).to.equal('line 1\r\nline 2\r\n');
    expect(files[1]!.content.equals(binary)).to.equal(true);
    expect(files[2]!.content.length).to.equal(0);
  });

  it('takes a file of exactly 1 MiB and refuses one byte more, naming the file', async () => {
    const max = KERNEL_FILE_LIMITS.maxFileBytes;
    const ok = await readFormFiles(
      contentType,
      Readable.from([form([{ name: 'src', filename: 'big', content: Buffer.alloc(max, 7) }])]),
    );
    expect(ok[0]!.content.length).to.equal(max);
    const error = await refusal(form([{ name: 'src', filename: 'big', content: Buffer.alloc(max + 1, 7) }]));
    expect(error.status).to.equal(400);
    expect(error.message).to.match(/Too large file/);
    expect(error.details).to.include({ field: 'src', filename: 'big', size: max + 1 });
  });

  it('takes 20 files and refuses the 21st', async () => {
    const parts = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: 'src', filename: `f${i}.txt`, content: `${i}` }));
    expect(await readFormFiles(contentType, Readable.from([form(parts(20))]))).to.have.length(20);
    const error = await refusal(form(parts(21)));
    expect(error.message).to.match(/Too many files/);
    expect(error.details).to.include({ field: 'src', max: 20 });
  });

  it('refuses a body beyond every allowed file before reading it all', async () => {
    const huge = Buffer.alloc(1024 * 1024, 1);
    const chunks = Array.from({ length: 30 }, () => huge);
    let error: unknown;
    try {
      await readFormFiles(contentType, Readable.from(chunks));
    } catch (caught) {
      error = caught;
    }
    expect((error as TesseraError).status).to.equal(400);
    expect((error as TesseraError).message).to.match(/Too large upload/);
  });

  it('refuses a part that is not a file, a body without files, and a wrong content type', async () => {
    expect((await refusal(form([{ name: 'note', content: 'hello' }]))).details).to.deep.equal({
      field: 'note',
    });
    expect((await refusal(form([]))).details).to.deep.equal({ field: 'files' });
    expect(() => boundaryOf('application/json')).to.throw(TesseraError, /multipart\/form-data/);
    expect(boundaryOf('multipart/form-data; boundary="quoted boundary"')).to.equal('quoted boundary');
    expect((await refusal(Buffer.from(`--${BOUNDARY}\r\nbroken`))).message).to.match(/malformed/);
  });
});

describe('manager-session-files: download wire formats', () => {
  it('answers one tar per part with identity encoding, and finds the file a tar starts with', () => {
    const stat = { mode: 0o644, uid: 1000, gid: 1000, mtime: 1_700_000_000 };
    const longName = `d/${'n'.repeat(120)}.txt`;
    const tar = new TarWriter(1 << 20);
    tar.addFile(longName, Buffer.from('hello'), stat);
    const archive = tar.finish();
    expect(firstTarFile(archive)).to.deep.equal({ name: longName, content: Buffer.from('hello') });
    // An archive of a folder starts with the folder: not a file, whatever it holds.
    const folder = new TarWriter(1 << 20);
    folder.addDirectory('d', { ...stat, mode: 0o755 });
    folder.addFile(longName, Buffer.from('hello'), stat);
    expect(firstTarFile(folder.finish())).to.equal(null);

    const { contentType: type, body } = multipartMixed([archive, Buffer.from('second')]);
    const boundary = /boundary=(.+)$/.exec(type)![1]!;
    const text = body.toString('latin1');
    expect(type).to.match(/^multipart\/mixed; boundary=/);
    expect(text.split(`--${boundary}`)).to.have.length(4); // two parts, the closing delimiter, the rest
    expect(text).to.contain('Content-Encoding: identity');
    expect(text).to.contain(`Content-Length: ${archive.length}`);
    expect(text.endsWith(`--${boundary}--\r\n`)).to.equal(true);
  });
});
