import { expect } from 'chai';
import type { Hook, Logger, NamedRegistry } from '@tessera/core';
import { predicateHook } from '@tessera/sokovan';
import { sessionFrom } from './scheduling-builders';

/** A registry of hook plugins, in the order given (what the kernel builds from a manifest). */
function hooks(entries: Array<[string, Record<string, (args: unknown) => unknown>]>): NamedRegistry<Hook> {
  const map = new Map(entries.map(([name, handlers]) => [name, { name, handlers: () => handlers } as Hook]));
  return {
    kind: 'hook',
    defaultName: undefined,
    get: (name) => map.get(name),
    require: (name) => map.get(name!)!,
    names: () => [...map.keys()],
    entries: () => [...map.entries()],
  };
}

const errors: Array<Record<string, unknown>> = [];
const log: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (_message, fields) => void errors.push(fields ?? {}),
  child: () => log,
};

describe('sokovan: the predicate hook point', () => {
  const session = sessionFrom({ id: 's-1' }, 0);

  it('is no predicate at all when no hook plugin handles it', () => {
    expect(predicateHook(undefined, log)).to.equal(undefined);
    expect(predicateHook(hooks([['audit', { 'session-terminated': () => undefined }]]), log)).to.equal(
      undefined,
    );
  });

  it('passes when every handler allows, and hands each the session', async () => {
    const seen: unknown[] = [];
    const check = predicateHook(
      hooks([
        ['first', { predicate: (args) => (seen.push(args), { allow: true }) }],
        ['second', { predicate: async () => undefined }],
      ]),
      log,
    )!;
    expect(await check(session)).to.deep.equal({ name: 'predicate_hook', passed: true });
    expect(seen).to.deep.equal([{ session }]);
  });

  it('fails with the reason of the first plugin that refuses, and asks no further', async () => {
    let asked = false;
    const check = predicateHook(
      hooks([
        ['budget', { predicate: () => ({ allow: false, reason: 'project over its monthly budget' }) }],
        ['later', { predicate: () => ((asked = true), { allow: true }) }],
      ]),
      log,
    )!;
    expect(await check(session)).to.deep.equal({
      name: 'predicate_hook',
      passed: false,
      message: 'budget: project over its monthly budget',
    });
    expect(asked).to.equal(false);
  });

  it('treats a handler that throws as a refusal, naming the plugin, and logs it', async () => {
    errors.length = 0;
    const check = predicateHook(
      hooks([
        [
          'flaky',
          {
            predicate: () => {
              throw new Error('quota service unreachable');
            },
          },
        ],
      ]),
      log,
    )!;
    const verdict = await check(session);
    expect(verdict).to.deep.include({ name: 'predicate_hook', passed: false });
    expect(verdict.message).to.equal('hook "flaky" failed: Error: quota service unreachable');
    expect(errors).to.deep.equal([
      { hook: 'flaky', sessionId: 's-1', error: 'Error: quota service unreachable' },
    ]);
  });
});
