import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** One whole transfer, run and timed by the worker process. */
export type TransferOrder =
  | { op: 'put'; url: string; file: string; size: number }
  | { op: 'tus'; url: string; file: string; size: number; chunk: number }
  | { op: 'get'; url: string; sha256: boolean };

export interface TransferResult {
  /** From the first request sent to the last answer's last byte. */
  ms: number;
  bytes: number;
  requests: number;
  /** Of the body received, when the order asked for it. */
  sha256?: string;
}

/** No transfer of the benchmark's sizes takes this long on a working machine. */
const TRANSFER_TIMEOUT_MS = 10 * 60_000;

/** The parent's side of `transfer-worker`: forks it once, sends it transfers one at a time. */
export class TransferClient {
  private readonly child: ChildProcess;
  private nextId = 0;

  constructor() {
    this.child = fork(join(__dirname, 'transfer-worker.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  run(order: TransferOrder): Promise<TransferResult> {
    const id = this.nextId++;
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`${order.op} ${order.url} took over ${TRANSFER_TIMEOUT_MS} ms`));
      }, TRANSFER_TIMEOUT_MS);
      const onMessage = (message: { id: number; result?: TransferResult; error?: string }): void => {
        if (message.id !== id) return;
        cleanup();
        if (message.error !== undefined) fail(new Error(message.error));
        else done(message.result!);
      };
      const onExit = (code: number | null): void => {
        cleanup();
        fail(new Error(`the transfer worker exited ${code} during ${order.op} ${order.url}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ id, order });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
  }
}
