import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** Received bytes are written in batches of this size (one writev each); no fsync per batch. */
const FLUSH_BYTES = 8 * 1024 * 1024;
/** Below IOV_MAX (1024), for bodies arriving in many small chunks. */
const FLUSH_BUFFERS = 512;

export interface WrittenBody {
  /** The file offset after the last byte written. */
  position: number;
  /** More bytes came than `limit` allows; nothing past the limit was written. */
  overflow: boolean;
  /** The body ended before the client finished sending it (connection lost). */
  interrupted: boolean;
}

/**
 * Streams a request body into `handle` from `start`, never past `limit`. Bytes are batched and
 * written with positional writev, so the kernel gets large writes and nothing is buffered beyond
 * one batch. On overflow it stops at once (the caller truncates); when the connection is lost,
 * what arrived is written, so the upload resumes from there.
 */
export async function writeBody(
  handle: FileHandle,
  body: AsyncIterable<Buffer>,
  start: number,
  limit: number,
  hash?: Hash,
): Promise<WrittenBody> {
  let position = start;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const buffers = pending;
    const bytes = pendingBytes;
    pending = [];
    pendingBytes = 0;
    const { bytesWritten } = await handle.writev(buffers, position);
    if (bytesWritten < bytes) {
      const rest = Buffer.concat(buffers).subarray(bytesWritten);
      let done = 0;
      while (done < rest.length) {
        const written = await handle.write(rest, done, rest.length - done, position + bytesWritten + done);
        done += written.bytesWritten;
      }
    }
    position += bytes;
  };
  let interrupted = false;
  try {
    for await (const chunk of body) {
      if (position + pendingBytes + chunk.length > limit) {
        return { position, overflow: true, interrupted: false };
      }
      hash?.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= FLUSH_BYTES || pending.length >= FLUSH_BUFFERS) await flush();
    }
  } catch (error) {
    if (isWriteError(error)) throw error;
    interrupted = true;
  }
  await flush();
  return { position, overflow: false, interrupted };
}

/** An error of the file system (as opposed to the request stream). */
function isWriteError(error: unknown): boolean {
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
  return syscall === 'write' || syscall === 'writev';
}
