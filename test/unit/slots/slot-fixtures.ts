import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TesseraError } from '@tessera/core';

/** Reads `test/fixtures/slots/<name>.json` (from the compiled test folder). */
export function loadSlotFixture<T>(name: string): T {
  const path = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'slots', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface ExpectedError {
  code: string;
  messageIncludes: string[];
}

/** Runs `action`, expecting a TesseraError with the code and every message fragment. */
export function expectSlotError(action: () => unknown, expected: ExpectedError): TesseraError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an error').to.be.instanceOf(TesseraError);
  const error = caught as TesseraError;
  expect(error.code).to.equal(expected.code);
  for (const fragment of expected.messageIncludes) expect(error.message).to.include(fragment);
  return error;
}
