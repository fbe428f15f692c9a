import type { FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

/**
 * Read size of a download and of the files of an archive: large reads, few syscalls (sending
 * through reused buffers, 512 KiB to 2 MiB cost the same CPU per byte on the benchmark machine).
 */
export const READ_CHUNK = 512 * 1024;
/** Buffers a download cycles through: one being read while the socket takes the others. */
const BUFFERS = 3;

/**
 * Sends bytes `start` to `end` (inclusive) of the open file as the response body, then ends it.
 *
 * The bytes go through a few buffers allocated once per download and used again as soon as the
 * socket has taken what they held (the write's callback), never more than BUFFERS reads ahead of
 * the client. A read stream allocates a new buffer per read instead: at a gigabyte a second that
 * is two thousand large buffers a second outside V8's heap, each adding to the pressure that
 * triggers full garbage collections, whose cost grows with the whole process's heap. In the
 * storage proxy, collections took more time than the copying.
 *
 * Resolves once the last read is done and the response ended, or as soon as the client went away
 * (nothing to report then); rejects when the file cannot be read, or has shrunk since `end` was
 * decided (the response is then cut short, which the client sees as a short body).
 */
export async function sendFileRange(
  handle: FileHandle,
  res: ServerResponse,
  start: number,
  end: number,
): Promise<void> {
  const total = end - start + 1;
  const size = Math.min(READ_CHUNK, total);
  const count = Math.min(BUFFERS, Math.ceil(total / size));
  const buffers = Array.from({ length: count }, () => Buffer.allocUnsafe(size));
  /** Per buffer: settles once the socket has taken what it held (or the response is gone). */
  const taken: Promise<void>[] = buffers.map(() => Promise.resolve());
  const gone = new Promise<'gone'>((resolve) => res.once('close', () => resolve('gone')));
  let position = start;
  for (let turn = 0; position <= end; turn++) {
    const index = turn % count;
    if ((await Promise.race([taken[index], gone])) === 'gone' || res.destroyed) return;
    const buffer = buffers[index]!;
    const { bytesRead } = await handle.read(buffer, 0, Math.min(size, end - position + 1), position);
    if (bytesRead === 0) {
      res.destroy();
      throw new Error(`the file ended at byte ${position}, before the ${end + 1} bytes announced`);
    }
    position += bytesRead;
    taken[index] = new Promise((resolve) => {
      // An error here means the client went away: 'close' follows and ends the loop.
      res.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), () => resolve());
    });
  }
  res.end();
}
