import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FolderRef, LogFields, Logger } from '@tessera/core';
import { ProxyErrors } from '../proxy-errors';
import type { VolumeSet } from '../volume-set';
import { volumeSetAccess } from './folder-access';
import { ThreadRpc } from './thread-rpc';

/** What the client-API thread is started with (copied to it). */
export interface ClientThreadData {
  name: string;
  jwtSecret: string;
  sessionExpire: number;
  maxUploadSize: number;
  fsyncUploads: boolean;
}

/** A thread that exits unexpectedly is started again, at most this often. */
const RESTART_INTERVAL_MS = 1000;

const WORKER_FILE = join(__dirname, 'client-worker.js');

/**
 * The client-facing API (tus uploads, downloads) on a worker thread of its own: bulk bytes never
 * cross the main thread, so the manager-facing API and, in an all-in-one process, every other
 * daemon keep their event loop, and garbage collections caused by received buffers scan the
 * thread's small heap rather than the whole process's. The thread asks the main thread where a
 * folder is and whether it has room (`FolderAccess`); upload sessions live on the thread.
 *
 * A thread that exits unexpectedly (a bug) is logged and started again on the same address, so
 * the announced `client_api` stays valid; uploads in flight then resume from their offset.
 */
export class ClientApiThread extends EventEmitter {
  private worker!: Worker;
  private rpc!: ThreadRpc;
  private stopping = false;
  private startedAt = 0;
  /** How many times the thread was started again after exiting unexpectedly. */
  restarts = 0;

  private constructor(
    private readonly data: ClientThreadData,
    private readonly volumes: VolumeSet,
    private readonly log: Logger,
    /** The bound address once listening: restarts listen there again. */
    private listenUrl: string,
  ) {
    super();
  }

  /** Starts the thread and its server on `listenUrl`; refused like `listen` when it cannot listen. */
  static async start(
    data: ClientThreadData,
    listenUrl: string,
    volumes: VolumeSet,
    log: Logger,
  ): Promise<ClientApiThread> {
    const thread = new ClientApiThread(data, volumes, log, listenUrl);
    thread.listenUrl = await thread.spawn();
    return thread;
  }

  /** The client API's URL as bound. */
  get url(): string {
    return this.listenUrl;
  }

  /** Names a new upload session on the thread (which owns them); see `UploadSessions.prepare`. */
  prepareUpload(volume: string, folder: FolderRef, segments: string[], size: number): Promise<string> {
    return this.rpc.call<string>('prepareUpload', volume, folder, segments, size);
  }

  /**
   * Ends the thread as a crash would (fault tests): it is started again; emits 'restarted' once it
   * listens, or 'restart-failed'.
   */
  async crashForTest(): Promise<void> {
    await this.worker.terminate();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    try {
      await this.rpc.call('close');
    } catch {
      // The thread is gone already.
    }
    await this.worker.terminate();
  }

  /** Starts a worker, answers its calls and listens; the URL it bound. */
  private async spawn(): Promise<string> {
    this.startedAt = Date.now();
    const worker = new Worker(WORKER_FILE, { workerData: this.data });
    const rpc = new ThreadRpc(worker);
    const access = volumeSetAccess(this.volumes);
    rpc
      .handle('locate', access.locate)
      .handle('checkRoom', access.checkRoom)
      .listen(
        'log',
        ({ level, message, fields }: { level: keyof Logger; message: string; fields: LogFields }) => {
          if (level === 'debug' || level === 'info' || level === 'warn' || level === 'error')
            this.log[level](message, fields);
        },
      );
    let failure: Error | null = null;
    worker.on('error', (error) => (failure = error));
    worker.once('exit', (code) => {
      const reason = failure ?? new Error(`the client API thread exited with code ${code}`);
      rpc.close(ProxyErrors.internal(`the client API thread is not running: ${reason.message}`, reason));
      if (!this.stopping && this.worker === worker) this.restartAfter(reason);
    });
    this.worker = worker;
    this.rpc = rpc;
    try {
      return await rpc.call<string>('listen', this.listenUrl);
    } catch (error) {
      // Not listening (the address is taken): this thread is of no use, and not to be restarted.
      worker.removeAllListeners('exit');
      await worker.terminate();
      throw error;
    }
  }

  private restartAfter(reason: Error): void {
    this.log.error('the client API thread exited unexpectedly; starting it again', {
      error: reason.message,
      listen: this.listenUrl,
    });
    const wait = Math.max(0, this.startedAt + RESTART_INTERVAL_MS - Date.now());
    setTimeout(() => {
      if (this.stopping) return;
      this.restarts++;
      this.spawn().then(
        () => this.emit('restarted'),
        (error: unknown) => {
          this.log.error(
            'the client API thread could not be started again; uploads and downloads are refused',
            {
              error: error instanceof Error ? error.message : String(error),
            },
          );
          this.emit('restart-failed', error);
        },
      );
    }, wait).unref();
  }
}
