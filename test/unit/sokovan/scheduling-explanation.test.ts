import { expect } from 'chai';
import { explainPendingSession, type SchedulingExplanation } from '@tessera/sokovan';
import { loadSchedulingFixture } from '../schedulers/scheduling-fixtures';
import {
  memorySelectorStates,
  passInputFrom,
  policyNamed,
  selectorNamed,
  type AgentSpec,
  type SessionSpec,
} from './scheduling-builders';

interface ExplainCase {
  name: string;
  options?: { maxContainerCount?: number };
  agents: AgentSpec[];
  existing?: SessionSpec[];
  dependencies?: SessionSpec[];
  session: SessionSpec;
  expected: {
    agents?: Record<string, string>;
    requirements?: Array<Record<string, string>>;
    missing?: Record<string, Record<string, string>>;
    placement: string;
    failedPredicates: string[];
  };
}

function agentLines(requirement: SchedulingExplanation['requirements'][number]): Record<string, string> {
  return Object.fromEntries(
    requirement.agents.map((a) => [a.agentId, a.passed ? 'passed' : `${a.filter} ${a.detail}`]),
  );
}

function expectFragments(actual: Record<string, string>, expected: Record<string, string>): void {
  expect(Object.keys(actual).sort()).to.deep.equal(Object.keys(expected).sort());
  for (const [agentId, fragment] of Object.entries(expected))
    expect(actual[agentId], agentId).to.satisfy((line: string) => line.startsWith(fragment));
}

describe('sokovan: scheduling explanation (test/fixtures/scheduling/explain.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: ExplainCase[] }>('explain');
  for (const testCase of cases) {
    it(testCase.name, () => {
      const input = passInputFrom({ ...testCase, pending: [testCase.session] });
      const session = input.pending[0]!;
      const explanation = explainPendingSession(
        input,
        session,
        policyNamed('fifo'),
        selectorNamed('concentrated'),
        memorySelectorStates(),
      );
      const { expected } = testCase;
      if (expected.agents) expectFragments(agentLines(explanation.requirements[0]!), expected.agents);
      if (expected.requirements) {
        expect(explanation.requirements).to.have.length(expected.requirements.length);
        expected.requirements.forEach((agents, i) =>
          expectFragments(agentLines(explanation.requirements[i]!), agents),
        );
      }
      for (const [agentId, missing] of Object.entries(expected.missing ?? {}))
        expect(explanation.requirements[0]!.agents.find((a) => a.agentId === agentId)!.missing).to.deep.equal(
          missing,
        );
      const placement =
        explanation.placement.result === 'placeable'
          ? `placeable ${explanation.placement.agentIds.join(',')}`
          : `unplaceable ${explanation.placement.reason}`;
      expect(placement).to.satisfy((line: string) => line.startsWith(expected.placement));
      expect(explanation.predicates.filter((p) => !p.passed).map((p) => p.name)).to.deep.equal(
        expected.failedPredicates,
      );
      expect(explanation.scheduler).to.equal('fifo');
      expect(explanation.agentSelector).to.equal('concentrated');
    });
  }
});
