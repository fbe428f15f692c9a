import { expect } from 'chai';
import { CompletionRequester } from '@tessera/agent';
import { ScriptedRunner } from './scripted-runner';

describe('agent: completions from the runner', () => {
  it('sends complete with the code and options and answers the runner’s suggestions', async () => {
    const runner = new ScriptedRunner();
    const completions = new CompletionRequester(runner);
    const answer = completions.complete({ code: 'pri', options: { row: 0, col: 3 } });
    expect(runner.sent).to.deep.equal([
      { op: 'complete', data: { code: 'pri', options: { row: 0, col: 3 } } },
    ]);
    runner.emit('completion', { suggestions: ['print(', 42, 'property('] });
    expect(await answer).to.deep.equal(['print(', 'property(']);
  });

  it('matches answers to requests in order, and a late answer never reaches the next request', async () => {
    const runner = new ScriptedRunner();
    const completions = new CompletionRequester(runner, 50);
    const first = completions.complete({ code: 'a' });
    expect(await first).to.deep.equal([]); // nothing in time
    const second = completions.complete({ code: 'b' });
    runner.emit('completion', { suggestions: ['late-for-a'] });
    runner.emit('completion', { suggestions: ['b-answer'] });
    expect(await second).to.deep.equal(['b-answer']);
  });

  it('fails with kernel-not-running when the runner is gone', async () => {
    const runner = new ScriptedRunner();
    runner.close();
    let error: unknown;
    try {
      await new CompletionRequester(runner).complete({ code: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect((error as { code?: string }).code).to.equal('kernel-not-running');
  });
});
