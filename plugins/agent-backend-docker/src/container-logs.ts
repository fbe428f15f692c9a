/** How many lines of a container's log `kernelLogs` answers at most (the most recent). */
export const KERNEL_LOG_LINES = 10_000;

/**
 * The text of a non-TTY container's log as `GET /containers/{id}/logs` sends it: frames of an
 * 8-byte header (stream type, 3 zero bytes, big-endian length) and the payload. stdout and stderr
 * frames are kept in the order they came. A buffer without frame headers (a TTY container) is
 * returned as it is.
 */
export function demultiplexLogs(buffer: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const framed =
      type <= 2 && buffer[offset + 1] === 0 && buffer[offset + 2] === 0 && buffer[offset + 3] === 0;
    if (!framed) return offset === 0 ? buffer.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    const length = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  if (offset === 0 && buffer.length > 0) return buffer.toString('utf8');
  return Buffer.concat(chunks).toString('utf8');
}
