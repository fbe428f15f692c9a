import { TesseraError } from '@tessera/core';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const SIZE = /^([0-9]+(?:\.[0-9]+)?)([bkmgt]?)$/i;

/**
 * Bytes of a size written as Backend.AI writes them: a decimal number of bytes, or a number with a
 * binary suffix (`64m` = 64 MiB, `1g` = 1 GiB).
 */
export function parseBinarySize(text: string, what: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) {
    throw TesseraError.badRequest('invalid-api-params', `${what} is not a size: "${text}"`, {
      value: text,
      expected: 'bytes, or a number with a binary suffix (k, m, g, t), like 64m',
    });
  }
  return Math.floor(Number(match[1]) * UNITS[match[2].toLowerCase()]);
}
