/**
 * The client-facing API's thread (a worker thread the proxy starts; see `client-thread.ts`). It
 * serves tus uploads and downloads: bulk bytes go between its sockets and files without touching
 * the main thread, whose heap (the kernel, every plugin) would make each garbage collection
 * triggered by received buffers cost more. The volumes stay on the main thread: where a folder is
 * and whether it has room are asked there.
 */
import type { Server } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { FolderRef, LogFields, Logger } from '@tessera/core';
import { closeServer, listen, serverUrl } from '../listen-address';
import { UploadSessions } from '../uploads/upload-sessions';
import { clientRequestHandler } from './client-server';
import type { ClientThreadData } from './client-thread';
import { DownloadHandler } from './download-handler';
import type { FolderAccess, FolderLocation } from './folder-access';
import { ThreadRpc } from './thread-rpc';
import { TokenIssuer } from './tokens';
import { TusHandler } from './tus-handler';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Log lines go to the main thread's logger (which redacts secrets and writes them). */
class ForwardingLogger implements Logger {
  constructor(
    private readonly rpc: ThreadRpc,
    private readonly bindings: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.send('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.send('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.send('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.send('error', message, fields);
  }
  child(bindings: LogFields): Logger {
    return new ForwardingLogger(this.rpc, { ...this.bindings, ...bindings });
  }

  private send(level: Level, message: string, fields?: LogFields): void {
    const all = { ...this.bindings, ...fields };
    try {
      this.rpc.notify('log', { level, message, fields: all });
    } catch {
      // A field that cannot be copied to another thread (a function, a socket): sent as text.
      const text = Object.fromEntries(Object.entries(all).map(([key, value]) => [key, String(value)]));
      this.rpc.notify('log', { level, message, fields: text });
    }
  }
}

function serve(port: NonNullable<typeof parentPort>, data: ClientThreadData): void {
  const rpc = new ThreadRpc(port);
  const access: FolderAccess = {
    locate: (volume: string, folder: FolderRef) => rpc.call<FolderLocation>('locate', volume, folder),
    checkRoom: (volume: string, folder: FolderRef, bytes: number) =>
      rpc.call<void>('checkRoom', volume, folder, bytes),
  };
  const log = new ForwardingLogger(rpc, {});
  const tokens = new TokenIssuer(data.jwtSecret, data.sessionExpire);
  const uploads = new UploadSessions(access, log, data.fsyncUploads, data.sessionExpire);
  const handler = clientRequestHandler(
    data.name,
    new TusHandler(tokens, uploads, data.maxUploadSize),
    new DownloadHandler(tokens, access, log),
    log,
  );
  let server: Server | null = null;
  rpc
    .handle('listen', async (listenUrl: string) => {
      server = await listen('clientListen', listenUrl, handler);
      return serverUrl(server);
    })
    .handle('prepareUpload', (volume: string, folder: FolderRef, segments: string[], size: number) =>
      uploads.prepare(volume, folder, segments, size),
    )
    .handle('close', async () => {
      if (server) await closeServer(server);
      server = null;
    });
}

if (parentPort) serve(parentPort, workerData as ClientThreadData);
