/**
 * The first member of a tar archive (ustar, with pax `path` records) when it is a regular file, for
 * download_single, which answers one file's bytes where the agent answers an archive. Null when it
 * is not (the path named a folder or a symlink) or the archive is empty.
 */
export function firstTarFile(archive: Buffer): { name: string; content: Buffer } | null {
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return null;
    const size = parseInt(field(header, 124, 12) || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const contentStart = offset + 512;
    const content = archive.subarray(contentStart, contentStart + size);
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString('utf8'))?.[1];
    } else {
      const prefix = field(header, 345, 155);
      const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      // The archive's first member is what was asked for: a folder (or a link) is not a file.
      return type === '0' || type === '7' ? { name, content: Buffer.from(content) } : null;
    }
    offset = contentStart + Math.ceil(size / 512) * 512;
  }
  return null;
}

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw
    .subarray(0, end < 0 ? length : end)
    .toString('utf8')
    .trim();
}
