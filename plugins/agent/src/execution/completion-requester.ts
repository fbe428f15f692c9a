import type { CompletionRequest, RunnerChannel } from '@tessera/core';

/** How long a kernel's runner has to answer a completion. */
export const COMPLETION_TIMEOUT_MS = 5_000;
/** Suggestions passed on at most. */
const MAX_SUGGESTIONS = 100;

interface Waiter {
  settle: (suggestions: string[]) => void;
}

/**
 * Asks a kernel's runner for completions: `complete` with `{code, options}`, answered by
 * `completion` with `{suggestions}`. The runner answers on its reader thread, in the order the
 * requests came, without an id, so answers are matched to requests first come first served. A
 * request the runner does not answer in time gets `[]` but keeps its place in the line, so its late
 * answer is dropped rather than handed to the request after it.
 */
export class CompletionRequester {
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly runner: RunnerChannel,
    private readonly timeoutMs = COMPLETION_TIMEOUT_MS,
  ) {
    runner.onMessage((message) => {
      if (message.op !== 'completion') return;
      this.waiting.shift()?.settle(suggestionsOf(message.data));
    });
  }

  complete(request: CompletionRequest): Promise<string[]> {
    return new Promise<string[]>((resolve) => {
      let done = false;
      const finish = (suggestions: string[]) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(suggestions);
      };
      const timer = setTimeout(() => finish([]), this.timeoutMs);
      const waiter: Waiter = { settle: finish };
      this.waiting.push(waiter);
      try {
        this.runner.send({ op: 'complete', data: { code: request.code, options: request.options ?? {} } });
      } catch (error) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        clearTimeout(timer);
        throw error;
      }
    });
  }
}

function suggestionsOf(data: unknown): string[] {
  const suggestions = (data as { suggestions?: unknown } | null)?.suggestions;
  if (!Array.isArray(suggestions)) return [];
  return suggestions.filter((item): item is string => typeof item === 'string').slice(0, MAX_SUGGESTIONS);
}
