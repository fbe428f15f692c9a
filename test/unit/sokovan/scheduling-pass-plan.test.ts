import { expect } from 'chai';
import { PassPlanner, drivePass, type SessionOutcome } from '@tessera/sokovan';
import { loadSchedulingFixture } from '../schedulers/scheduling-fixtures';
import {
  memorySelectorStates,
  passInputFrom,
  policyNamed,
  selectorNamed,
  type AgentSpec,
  type LimitsSpec,
  type SessionSpec,
} from './scheduling-builders';

interface PassCase {
  name: string;
  scheduler?: string;
  selector?: string;
  options?: { maxContainerCount?: number; pendingTimeout?: number };
  agents: AgentSpec[];
  pending: SessionSpec[];
  existing?: SessionSpec[];
  dependencies?: SessionSpec[];
  limits?: LimitsSpec;
  expected: Record<string, string>;
  order?: string[];
}

/** An outcome as the fixtures write it: `placed a1,a2`, `unplaced <reason>`, `held <reason>`, ... */
function describe_(outcome: SessionOutcome): string {
  switch (outcome.kind) {
    case 'placed':
      return `placed ${outcome.agentIds.join(',')}`;
    case 'unplaced':
      return `unplaced ${outcome.failure.reason}`;
    case 'held':
      return `held ${outcome.reason}`;
    case 'predicates-failed':
      return `predicates-failed ${outcome.verdicts
        .filter((v) => !v.passed)
        .map((v) => v.name)
        .join(',')}`;
    case 'expired':
      return 'expired';
  }
}

describe('sokovan: one scheduling pass (test/fixtures/scheduling/pass.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: PassCase[] }>('pass');
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const input = passInputFrom(testCase);
      const planner = new PassPlanner({
        input,
        policy: policyNamed(testCase.scheduler),
        selector: selectorNamed(testCase.selector),
        selectorStates: memorySelectorStates(),
      });
      const outcomes = new Map<string, string>();
      const placed: string[] = [];
      await drivePass(planner, {
        onOutcome: (outcome) => {
          expect(outcomes.has(outcome.session.id), `${outcome.session.id} decided twice`).to.equal(false);
          outcomes.set(outcome.session.id, describe_(outcome));
          if (outcome.kind === 'placed') placed.push(outcome.session.id);
          return 'continue';
        },
      });
      expect([...outcomes.keys()].sort()).to.deep.equal(Object.keys(testCase.expected).sort());
      for (const [sessionId, expected] of Object.entries(testCase.expected)) {
        expect(outcomes.get(sessionId), sessionId).to.satisfy((actual: string) =>
          actual.startsWith(expected),
        );
      }
      if (testCase.order) expect(placed).to.deep.equal(testCase.order);
    });
  }

  it('asks the predicate hook only for sessions that passed the built-in predicates, and a refusal keeps them waiting', async () => {
    const input = passInputFrom({
      agents: [{ id: 'a1', available: { cpu: '8', mem: '68719476736' } }],
      pending: [{ id: 'ok' }, { id: 'vetoed' }, { id: 'blocked', dependencies: ['missing'] }],
    });
    const planner = new PassPlanner({
      input,
      policy: policyNamed('fifo'),
      selector: selectorNamed('concentrated'),
      selectorStates: memorySelectorStates(),
    });
    const asked: string[] = [];
    const outcomes: SessionOutcome[] = [];
    await drivePass(planner, {
      predicateHook: async (session) => {
        asked.push(session.id);
        return session.id === 'vetoed'
          ? { name: 'predicate_hook', passed: false, message: 'quota-plugin: over budget' }
          : { name: 'predicate_hook', passed: true };
      },
      onOutcome: (outcome) => {
        outcomes.push(outcome);
        return 'continue';
      },
    });
    expect(asked).to.deep.equal(['ok', 'vetoed']);
    const vetoed = outcomes.find((o) => o.session.id === 'vetoed')!;
    expect(vetoed.kind).to.equal('predicates-failed');
    if (vetoed.kind === 'predicates-failed')
      expect(vetoed.verdicts.at(-1)).to.deep.equal({
        name: 'predicate_hook',
        passed: false,
        message: 'quota-plugin: over budget',
      });
    expect(outcomes.find((o) => o.session.id === 'ok')!.kind).to.equal('placed');
  });

  it('stops when an outcome handler says stop (a commit lost a race)', async () => {
    const input = passInputFrom({
      agents: [{ id: 'a1', available: { cpu: '8', mem: '68719476736' } }],
      pending: [{ id: 's1' }, { id: 's2' }, { id: 's3' }],
    });
    const planner = new PassPlanner({
      input,
      policy: policyNamed('fifo'),
      selector: selectorNamed('concentrated'),
      selectorStates: memorySelectorStates(),
    });
    const seen: string[] = [];
    await drivePass(planner, {
      onOutcome: (outcome) => {
        seen.push(outcome.session.id);
        return outcome.session.id === 's2' ? 'stop' : 'continue';
      },
    });
    expect(seen).to.deep.equal(['s1', 's2']);
  });
});
