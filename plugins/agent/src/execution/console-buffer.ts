import type { ConsoleItem } from '@tessera/core';

/** Backend.AI caps each stream at this many characters per execute call; the rest is dropped. */
export const STREAM_LIMIT = 524_288;

const TEXT_STREAMS = new Set(['stdout', 'stderr']);

/**
 * Console items of one execute response, in arrival order. Contiguous chunks of the same text
 * stream are merged into one item; stdout and stderr are each capped at STREAM_LIMIT characters.
 */
export class ConsoleBuffer {
  private readonly items: ConsoleItem[] = [];
  private readonly written = new Map<string, number>();

  append(type: string, data: unknown): void {
    if (!TEXT_STREAMS.has(type)) {
      this.items.push([type, data]);
      return;
    }
    const used = this.written.get(type) ?? 0;
    const text = String(data).slice(0, Math.max(0, STREAM_LIMIT - used));
    if (!text) return;
    this.written.set(type, used + text.length);
    const last = this.items[this.items.length - 1];
    if (last && last[0] === type) last[1] = String(last[1]) + text;
    else this.items.push([type, text]);
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }

  toArray(): ConsoleItem[] {
    return this.items.map(([type, data]) => [type, data]);
  }
}
