import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for repeatable `KEY=VAL` options (`-r cpu=2 -r mem=4g`): each
 * occurrence adds one entry; a later occurrence of the same key wins.
 */
export function collectKeyValue(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  const separator = value.indexOf('=');
  const key = separator > 0 ? value.slice(0, separator).trim() : '';
  if (key === '') throw new InvalidArgumentError(`expected KEY=VALUE, got "${value}".`);
  return { ...previous, [key]: value.slice(separator + 1).trim() };
}

/** A commander argument parser for a whole number of seconds (0 or more). */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds)) {
    throw new InvalidArgumentError(`expected a whole number of seconds, got "${value}".`);
  }
  return seconds;
}
