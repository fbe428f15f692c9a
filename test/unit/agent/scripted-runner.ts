import { TesseraError, type RunnerChannel, type RunnerMessage } from '@tessera/core';

/**
 * A RunnerChannel whose runner side the test plays: it records what the agent sends and lets the
 * test emit runner messages. It stands in for the Python runner only in these unit tests of the
 * agent's message mapping; the integration tests run the real runner.
 */
export class ScriptedRunner implements RunnerChannel {
  readonly sent: RunnerMessage[] = [];
  private listener: ((message: RunnerMessage) => void) | undefined;
  gone = false;

  send(message: RunnerMessage): void {
    if (this.gone) {
      throw new TesseraError('kernel-not-running', 'the scripted runner has gone');
    }
    this.sent.push(message);
  }

  onMessage(listener: (message: RunnerMessage) => void): void {
    this.listener = listener;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.gone = true;
  }

  emit(op: string, data: unknown = null): void {
    this.listener?.({ op, data });
  }

  ops(): string[] {
    return this.sent.map((m) => m.op);
  }
}
