import { randomBytes } from 'node:crypto';

/**
 * A multipart/mixed body with one tar archive per part, as Backend.AI's download answers (the
 * clients unpack each part as a tar file; they require `Content-Encoding: identity`).
 */
export function multipartMixed(archives: Buffer[]): { contentType: string; body: Buffer } {
  const boundary = `tessera-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const archive of archives) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/x-tar\r\nContent-Encoding: identity\r\n` +
          `Content-Length: ${archive.length}\r\n\r\n`,
      ),
      archive,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
