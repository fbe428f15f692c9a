/**
 * Writes a tar archive (POSIX ustar, with a pax `path`/`linkpath` record for names that do not fit
 * ustar's fields) of regular files, folders and symlinks, in memory. Archives here are small (the
 * session-file limits bound them), so building one Buffer is simpler than streaming.
 */
export class TarWriter {
  private readonly blocks: Buffer[] = [];
  private bytes = 0;

  /** `maxBytes`: the archive may not grow past it; `add*` throws `TarTooLarge` instead. */
  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.bytes + 1024;
  }

  addFile(name: string, content: Buffer, stat: TarEntryStat): void {
    this.entry({ name, type: '0', size: content.length, stat });
    this.push(padded(content));
  }

  addDirectory(name: string, stat: TarEntryStat): void {
    this.entry({ name: name.endsWith('/') ? name : `${name}/`, type: '5', size: 0, stat });
  }

  addSymlink(name: string, target: string, stat: TarEntryStat): void {
    this.entry({ name, type: '2', size: 0, stat, linkname: target });
  }

  /** The archive, with its two closing zero blocks. */
  finish(): Buffer {
    return Buffer.concat([...this.blocks, Buffer.alloc(1024)]);
  }

  private entry(header: { name: string; type: string; size: number; stat: TarEntryStat; linkname?: string }) {
    const { name, linkname = '' } = header;
    const records: string[] = [];
    if (!fitsUstar(name, 100)) records.push(paxRecord('path', name));
    if (!fitsUstar(linkname, 100)) records.push(paxRecord('linkpath', linkname));
    if (records.length > 0) {
      const body = Buffer.from(records.join(''), 'utf8');
      this.push(headerBlock({ ...header, name: 'PaxHeader', type: 'x', size: body.length, linkname: '' }));
      this.push(padded(body));
    }
    this.push(headerBlock({ ...header, name: asciiPrefix(name), linkname: asciiPrefix(linkname) }));
  }

  private push(block: Buffer): void {
    if (this.bytes + block.length + 1024 > this.maxBytes) throw new TarTooLarge(this.maxBytes);
    this.blocks.push(block);
    this.bytes += block.length;
  }
}

/** What a tar header says of an entry besides its name and size. */
export interface TarEntryStat {
  mode: number;
  uid: number;
  gid: number;
  /** Modification time in seconds. */
  mtime: number;
}

export class TarTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the archive would be larger than ${maxBytes} bytes`);
  }
}

function fitsUstar(value: string, length: number): boolean {
  return Buffer.byteLength(value, 'utf8') < length && /^[\x20-\x7e]*$/.test(value);
}

/** A stand-in for a name that only the pax record carries in full. */
function asciiPrefix(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '_').slice(0, 99);
}

/** `<length> <key>=<value>\n`, where the length counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  const restBytes = Buffer.byteLength(rest, 'utf8');
  let length = restBytes + 1;
  while (String(length).length + restBytes !== length) length = String(length).length + restBytes;
  return `${length}${rest}`;
}

function headerBlock(header: {
  name: string;
  type: string;
  size: number;
  stat: TarEntryStat;
  linkname: string;
}) {
  const block = Buffer.alloc(512);
  block.write(header.name, 0, 100, 'utf8');
  octal(block, 100, 8, header.stat.mode & 0o7777);
  octal(block, 108, 8, header.stat.uid);
  octal(block, 116, 8, header.stat.gid);
  octal(block, 124, 12, header.size);
  octal(block, 136, 12, Math.max(0, Math.floor(header.stat.mtime)));
  block.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  block.write(header.type, 156, 1, 'ascii');
  block.write(header.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

function padded(content: Buffer): Buffer {
  const rest = content.length % 512;
  return rest === 0 ? content : Buffer.concat([content, Buffer.alloc(512 - rest)]);
}
