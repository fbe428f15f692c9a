/**
 * The first regular file of a tar archive (ustar, with pax `path` records), for download_single,
 * which answers one file's bytes where the agent answers an archive. Null when the archive holds
 * no regular file (the path named a folder or a symlink).
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
      if (type === '0' || type === '7') return { name, content: Buffer.from(content) };
      paxPath = undefined;
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
