/// <reference types="mocha" />
import assert from 'node:assert/strict';
import type {
  AgentCandidate,
  AgentSelector,
  KernelRequest,
  SelectionScope,
  SelectResult,
} from '../../contracts/agent-selector';
import { agentRecord, deepFreeze } from './scheduling-records';

const GIB = 1024 ** 3;

export interface AgentSelectorUnderTest {
  /** The selector with its default config and, when it keeps state, an empty store. */
  selector: AgentSelector;
  close?(): Promise<void>;
}

export interface AgentSelectorConformanceOptions {
  /**
   * How the selector breaks ties: `input-order` (the contract's default) or `agent-id` for a
   * selector that documents ordering candidates by id (round-robin).
   */
  ties?: 'input-order' | 'agent-id';
  /** The selector keeps state across passes (`loadState`/`saveState`); default false. */
  keepsState?: boolean;
}

function candidate(
  id: string,
  available: Record<string, string>,
  remaining: Record<string, string>,
): AgentCandidate {
  return { agent: agentRecord({ id, availableSlots: available }), remaining };
}

/** A cpu-only kernel (GPU slot requested as zero, as the loop normalises requests). */
const REQUEST: KernelRequest = {
  kernelId: 'k-1',
  architecture: 'x86_64',
  slots: { cpu: '1', mem: String(GIB), 'cuda.device': '0' },
};

/** Four agents unlike each other, in no particular id order. */
function mixedCandidates(): AgentCandidate[] {
  return [
    candidate('agent-c', { cpu: '8', mem: String(32 * GIB) }, { cpu: '2', mem: String(4 * GIB) }),
    candidate(
      'agent-a',
      { cpu: '32', mem: String(128 * GIB), 'cuda.device': '4' },
      { cpu: '30', mem: String(120 * GIB), 'cuda.device': '4' },
    ),
    candidate('agent-d', { cpu: '16', mem: String(64 * GIB) }, { cpu: '16', mem: String(64 * GIB) }),
    candidate('agent-b', { cpu: '4', mem: String(16 * GIB) }, { cpu: '4', mem: String(16 * GIB) }),
  ];
}

/** Agents that differ only in id, in the given order. */
function identicalCandidates(ids: string[]): AgentCandidate[] {
  return ids.map((id) =>
    candidate(id, { cpu: '8', mem: String(32 * GIB) }, { cpu: '8', mem: String(32 * GIB) }),
  );
}

let scopeCounter = 0;
/** A scope no other test used, so a persistent store shared between tests does not leak into it. */
function freshScope(architecture = 'x86_64'): SelectionScope {
  scopeCounter += 1;
  return { resourceGroup: `conformance-${process.pid}-${Date.now()}-${scopeCounter}`, architecture };
}

async function initialState(selector: AgentSelector, scope: SelectionScope): Promise<unknown> {
  return selector.loadState ? selector.loadState(scope) : undefined;
}

/** The agent-selector/v1 conformance suite. */
export function describeAgentSelectorConformance(
  name: string,
  create: () => Promise<AgentSelectorUnderTest> | AgentSelectorUnderTest,
  options: AgentSelectorConformanceOptions = {},
): void {
  const ties = options.ties ?? 'input-order';
  const keepsState = options.keepsState ?? false;

  describe(`agent-selector/v1 conformance: ${name}`, () => {
    let subject: AgentSelectorUnderTest;
    let selector: AgentSelector;
    let state: unknown;
    beforeEach(async () => {
      subject = await create();
      selector = subject.selector;
      state = await initialState(selector, freshScope());
    });
    afterEach(async () => subject.close?.());

    it('has a kebab-case name', () => {
      assert.match(selector.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    });

    it('answers none, with a reason, when there is no candidate', () => {
      const result = selector.select(REQUEST, [], state);
      assert.equal(result.kind, 'none');
      assert.ok(result.kind === 'none' && result.reason.length > 0, 'the reason says why');
    });

    it('selects one of the candidates', () => {
      const candidates = mixedCandidates();
      const result = selector.select(REQUEST, candidates, state);
      assert.equal(result.kind, 'selected');
      assert.ok(candidates.some((c) => result.kind === 'selected' && c.agent.id === result.agentId));
    });

    it('selects the only candidate', () => {
      const [only] = mixedCandidates();
      assert.equal(agentOf(selector.select(REQUEST, [only!], state)), only!.agent.id);
    });

    it('is deterministic: equal inputs give equal results, on one instance or two', async () => {
      const first = selector.select(REQUEST, mixedCandidates(), state);
      assert.deepEqual(
        selector.select(structuredClone(REQUEST), mixedCandidates(), structuredClone(state)),
        first,
      );
      const other = await create();
      try {
        const otherState = await initialState(other.selector, freshScope());
        assert.deepEqual(other.selector.select(REQUEST, mixedCandidates(), otherState), first);
      } finally {
        await other.close?.();
      }
    });

    it('never mutates the request, the candidates or the state', () => {
      const request = structuredClone(REQUEST);
      const candidates = mixedCandidates();
      const given = structuredClone(state);
      const pristine = structuredClone({ request, candidates, given });
      selector.select(deepFreeze(request), deepFreeze(candidates), deepFreeze(given));
      assert.deepEqual({ request, candidates, given }, pristine);
    });

    if (ties === 'input-order') {
      it('gives equally ranked candidates to the first in input order', () => {
        assert.equal(
          agentOf(selector.select(REQUEST, identicalCandidates(['agent-b', 'agent-c', 'agent-a']), state)),
          'agent-b',
        );
        assert.equal(
          agentOf(selector.select(REQUEST, identicalCandidates(['agent-c', 'agent-a', 'agent-b']), state)),
          'agent-c',
        );
      });
    } else {
      it('orders equal candidates by agent id, whatever the input order', () => {
        assert.equal(
          agentOf(selector.select(REQUEST, identicalCandidates(['agent-b', 'agent-c', 'agent-a']), state)),
          'agent-a',
        );
        assert.equal(
          agentOf(selector.select(REQUEST, identicalCandidates(['agent-c', 'agent-b', 'agent-a']), state)),
          'agent-a',
        );
      });
    }

    it('depends only on its inputs: earlier selections do not change the next one', () => {
      const first = selector.select(REQUEST, mixedCandidates(), state);
      for (let i = 0; i < 3; i++)
        selector.select(REQUEST, identicalCandidates(['agent-x', 'agent-y']), state);
      assert.deepEqual(selector.select(REQUEST, mixedCandidates(), state), first);
    });

    it(keepsState ? 'has both loadState and saveState' : 'has neither loadState nor saveState', () => {
      assert.equal(typeof selector.loadState, keepsState ? 'function' : 'undefined');
      assert.equal(typeof selector.saveState, keepsState ? 'function' : 'undefined');
    });

    if (keepsState) {
      it('saves its state and loads it back per scope, scopes independent', async () => {
        const load = (scope: SelectionScope) => selector.loadState!(scope);
        const scope = freshScope();
        const neighbours = [{ ...scope, architecture: 'aarch64' }, freshScope()];
        const before = await Promise.all(neighbours.map(load));
        const result = selector.select(REQUEST, mixedCandidates(), await load(scope));
        const next = result.kind === 'selected' ? result.state : undefined;
        assert.notEqual(next, undefined, 'a stateful selector returns its next state');
        await selector.saveState!(scope, next);
        assert.deepEqual(await load(scope), next);
        assert.deepEqual(await Promise.all(neighbours.map(load)), before);
      });
    }
  });
}

function agentOf(result: SelectResult): string | undefined {
  return result.kind === 'selected' ? result.agentId : undefined;
}
