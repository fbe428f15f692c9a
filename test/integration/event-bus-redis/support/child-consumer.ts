import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RedisBusOptions } from '@tessera/event-bus-redis';
import { eventually } from '../../../support/eventually';
import { BUS_WAIT_MS } from './test-bus';

/** A bus consumer running in another process (see consumer-process.ts). */
export class ChildConsumer {
  readonly handled: string[] = [];
  private ready = false;
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') this.ready = true;
        else if (line.startsWith('handled ')) this.handled.push(line.slice('handled '.length));
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  static async start(options: RedisBusOptions, mode: 'record' | 'hang'): Promise<ChildConsumer> {
    const script = join(__dirname, 'consumer-process.js');
    const consumer = new ChildConsumer(
      spawn(process.execPath, [script, JSON.stringify(options), mode], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const exited = new AbortController();
    consumer.child.once('exit', () => exited.abort(new Error(`consumer process exited: ${consumer.stderr}`)));
    await eventually(() => consumer.ready, 'the consumer process to subscribe', {
      timeoutMs: BUS_WAIT_MS,
      signal: exited.signal,
    });
    return consumer;
  }

  /** Ends the process with `signal` (SIGKILL: a crash, nothing acknowledged; SIGTERM: a clean close). */
  async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}
