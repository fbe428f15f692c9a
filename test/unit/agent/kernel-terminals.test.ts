import { expect } from 'chai';
import {
  HeldTerminal,
  KernelTerminals,
  MAX_TERMINALS_PER_KERNEL,
  UNHEARD_OUTPUT_LIMIT,
} from '@tessera/agent';
import {
  createLogger,
  TesseraError,
  type AgentBackend,
  type KernelTerminal,
  type TerminalSize,
} from '@tessera/core';

/** A backend terminal that outputs what the test makes it, and ends when closed. */
class BackendTerminal implements KernelTerminal {
  readonly exited: Promise<number | null>;
  closes = 0;
  private listener: ((chunk: Buffer) => void) | undefined;
  private finish!: (code: number | null) => void;

  constructor(readonly size: TerminalSize) {
    this.exited = new Promise((resolve) => (this.finish = resolve));
  }
  onOutput(listener: (chunk: Buffer) => void): void {
    this.listener = listener;
  }
  emit(text: string): void {
    this.listener?.(Buffer.from(text));
  }
  write(): void {}
  async resize(): Promise<void> {}
  async close(): Promise<void> {
    this.closes += 1;
    this.finish(0);
  }
}

function backendWithTerminals(pty = true): { backend: AgentBackend; opened: BackendTerminal[] } {
  const opened: BackendTerminal[] = [];
  const backend = {
    name: 'fake',
    capabilities: () => ({ isolation: 'container', servicePorts: false, pty, survivesRestart: false }),
    openTerminal: async (_kernelId: string, size: TerminalSize) => {
      const terminal = new BackendTerminal(size);
      opened.push(terminal);
      return terminal;
    },
  } as unknown as AgentBackend;
  return { backend, opened };
}

async function failure(attempt: Promise<unknown>): Promise<TesseraError> {
  const outcome = await attempt.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof TesseraError)) throw new Error(`expected a TesseraError, got ${String(outcome)}`);
  return outcome;
}

const log = createLogger({ level: 'silent' });
const running = () => true;

describe("agent: a kernel's terminals", () => {
  it('answers not-supported (501) on a backend without terminals', async () => {
    const { backend } = backendWithTerminals(false);
    const error = await failure(
      new KernelTerminals(backend, log).openFor('k', { rows: 24, cols: 80 }, running),
    );
    expect(error.code).to.equal('not-supported');
    expect(error.status).to.equal(501);
    expect(error.message).to.match(/does not support terminals/);
  });

  it('refuses a size out of bounds, naming the field', async () => {
    const { backend, opened } = backendWithTerminals();
    const error = await failure(
      new KernelTerminals(backend, log).openFor('k', { rows: 24, cols: 0 }, running),
    );
    expect(error.code).to.equal('invalid-api-params');
    expect(error.message).to.equal(
      'Invalid terminal size: cols must be a whole number from 1 to 1000, got 0',
    );
    expect(opened).to.deep.equal([]);
  });

  it(`opens at most ${MAX_TERMINALS_PER_KERNEL} per kernel, and closes a kernel's terminals when it goes`, async () => {
    const { backend, opened } = backendWithTerminals();
    const terminals = new KernelTerminals(backend, log);
    for (let i = 0; i < MAX_TERMINALS_PER_KERNEL; i++)
      await terminals.openFor('k', { rows: 24, cols: 80 }, running);
    const error = await failure(terminals.openFor('k', { rows: 24, cols: 80 }, running));
    expect(error.code).to.equal('invalid-api-params');
    const other = await terminals.openFor('other', { rows: 24, cols: 80 }, running);
    await terminals.closeAll('k');
    expect(opened.slice(0, MAX_TERMINALS_PER_KERNEL).every((terminal) => terminal.closes === 1)).to.equal(
      true,
    );
    expect(opened.at(-1)!.closes).to.equal(0);
    await other.close();
    await other.exited;
    expect(terminals.count('other')).to.equal(0);
  });

  it('closes a terminal whose kernel ended while it opened', async () => {
    const { backend, opened } = backendWithTerminals();
    const error = await failure(
      new KernelTerminals(backend, log).openFor('k', { rows: 24, cols: 80 }, () => false),
    );
    expect(error.code).to.equal('kernel-not-running');
    expect(opened[0]!.closes).to.equal(1);
  });
});

describe('agent: output of a terminal nobody listens to yet', () => {
  it('is kept and given to the first listener, then output flows to every listener', () => {
    const inner = new BackendTerminal({ rows: 1, cols: 1 });
    const held = new HeldTerminal(inner);
    inner.emit('$ ');
    inner.emit('motd');
    const first: string[] = [];
    const second: string[] = [];
    held.onOutput((chunk) => first.push(chunk.toString()));
    held.onOutput((chunk) => second.push(chunk.toString()));
    inner.emit('x');
    expect(first).to.deep.equal(['$ ', 'motd', 'x']);
    expect(second).to.deep.equal(['x']);
  });

  it(`keeps at most ${UNHEARD_OUTPUT_LIMIT} bytes, dropping the oldest`, () => {
    const inner = new BackendTerminal({ rows: 1, cols: 1 });
    const held = new HeldTerminal(inner);
    const chunk = 'a'.repeat(64 * 1024);
    for (let i = 0; i < 10; i++) inner.emit(chunk);
    inner.emit('end');
    let kept = '';
    held.onOutput((piece) => (kept += piece.toString()));
    expect(kept.length).to.be.at.most(UNHEARD_OUTPUT_LIMIT);
    expect(kept.endsWith('end')).to.equal(true);
  });

  it('closes its backend terminal once, however many callers close it', async () => {
    const inner = new BackendTerminal({ rows: 1, cols: 1 });
    const held = new HeldTerminal(inner);
    await Promise.all([held.close(), held.close()]);
    expect(inner.closes).to.equal(1);
  });
});
