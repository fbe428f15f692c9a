import { expect } from 'chai';
import { BUILTIN_PREDICATES, OwnerUsage, checkPredicates } from '@tessera/sokovan';
import { loadSchedulingFixture } from '../schedulers/scheduling-fixtures';
import { passInputFrom, sessionFrom, type LimitsSpec, type SessionSpec } from './scheduling-builders';

interface PredicateCase {
  name: string;
  predicate: string;
  session: SessionSpec;
  now?: string;
  pending?: SessionSpec[];
  existing?: SessionSpec[];
  dependencies?: SessionSpec[];
  limits?: LimitsSpec;
  expected: { passed: boolean; message?: string } | { absent: true };
}

describe('sokovan: scheduling predicates (test/fixtures/scheduling/predicates.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: PredicateCase[] }>('predicates');
  for (const testCase of cases) {
    it(`${testCase.predicate}: ${testCase.name}`, () => {
      const input = passInputFrom({
        ...(testCase.now ? { now: testCase.now } : {}),
        pending: [testCase.session, ...(testCase.pending ?? [])],
        existing: testCase.existing ?? [],
        dependencies: testCase.dependencies ?? [],
        limits: testCase.limits ?? {},
      });
      const session = input.pending.find((s) => s.id === testCase.session.id)!;
      const verdicts = checkPredicates(session, {
        now: input.now,
        usage: new OwnerUsage(input.existing, input.pending),
        limits: input.limits,
        dependencies: input.dependencies,
        slotTypes: input.slotTypes,
      });
      const verdict = verdicts.find((v) => v.name === testCase.predicate);
      if ('absent' in testCase.expected) {
        expect(verdict).to.equal(undefined);
        return;
      }
      expect(verdict, `no verdict named ${testCase.predicate}`).to.not.equal(undefined);
      expect(verdict!.passed).to.equal(testCase.expected.passed, verdict!.message);
      if (testCase.expected.message) expect(verdict!.message).to.include(testCase.expected.message);
      else expect(verdict!.message).to.equal(undefined);
    });
  }

  it('runs every predicate, in the documented order, and records each by name', () => {
    const session = sessionFrom({ id: 's' }, 0);
    const input = passInputFrom({ pending: [{ id: 's' }] });
    const verdicts = checkPredicates(session, {
      now: input.now,
      usage: new OwnerUsage([], [session]),
      limits: input.limits,
      dependencies: input.dependencies,
      slotTypes: input.slotTypes,
    });
    expect(verdicts.map((v) => v.name)).to.deep.equal([
      'reserved_time',
      'dependencies',
      'concurrency',
      'pending_session_count_limit',
      'pending_session_resource_limit',
      'keypair_resource_limit',
      'user_resource_limit',
      'user_group_resource_limit',
      'domain_resource_limit',
    ]);
    expect(BUILTIN_PREDICATES.map((p) => p.name)).to.deep.equal(verdicts.map((v) => v.name));
    expect(verdicts.every((v) => v.passed)).to.equal(true);
  });

  it('runs only the first three for private (sftp) sessions', () => {
    const session = sessionFrom({ id: 's', type: 'system' }, 0);
    const verdicts = checkPredicates(session, {
      now: new Date(),
      usage: new OwnerUsage([], [session]),
      limits: { keypairs: {}, users: {}, projects: {}, domains: {} },
      dependencies: new Map(),
      slotTypes: {},
    });
    expect(verdicts.map((v) => v.name)).to.deep.equal(['reserved_time', 'dependencies', 'concurrency']);
  });
});
