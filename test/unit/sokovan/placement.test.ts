import { expect } from 'chai';
import type { AgentStatus, KernelRecord } from '@tessera/core';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { ClusterView, placeSession, priorityBands } from '@tessera/sokovan';
import { agentRecord, loadSchedulingFixture, pendingSession } from '../schedulers/scheduling-fixtures';
import { memorySelectorStates } from './scheduling-builders';

interface PlacementCase {
  name: string;
  agents: Array<{
    id: string;
    status?: AgentStatus;
    schedulable?: boolean;
    architecture?: string;
    available: Record<string, string>;
    occupied?: Record<string, string>;
  }>;
  kernels: Array<Record<string, string>>;
  expected:
    { agentId: string } | { noFit: string; shortage?: boolean; missingSlots?: Record<string, string> };
}

function kernel(id: string, requestedSlots: Record<string, string>): KernelRecord {
  return {
    id,
    sessionId: 's-1',
    clusterRole: 'main',
    clusterIdx: 1,
    clusterHostname: 'main1',
    localRank: 0,
    image: 'python:3.12',
    architecture: 'x86_64',
    status: 'PENDING',
    statusInfo: null,
    statusChanged: new Date(),
    agentId: null,
    agentAddress: null,
    containerId: null,
    requestedSlots,
    occupiedSlots: {},
    deviceAllocation: {},
    servicePorts: [],
    exitCode: null,
  };
}

describe('sokovan: single-node placement (test/fixtures/scheduling/placement.json)', () => {
  const selector = new ConcentratedSelector({ slotPriority: ['cuda', 'rocm', 'tpu', 'cpu', 'mem'] });
  const { cases } = loadSchedulingFixture<{ cases: PlacementCase[] }>('placement');
  for (const testCase of cases) {
    it(testCase.name, () => {
      const agents = testCase.agents.map((a) =>
        agentRecord({
          id: a.id,
          status: a.status ?? 'ALIVE',
          schedulable: a.schedulable ?? true,
          architecture: a.architecture ?? 'x86_64',
          availableSlots: a.available,
          occupiedSlots: a.occupied ?? {},
        }),
      );
      const session = pendingSession({
        id: 's-1',
        kernels: testCase.kernels.map((slots, i) => kernel(`k-${i}`, slots)),
      });
      const view = new ClusterView(agents);
      const result = placeSession(session, view, selector, memorySelectorStates(), {
        resourceGroup: 'default',
        maxContainerCount: null,
      });
      const expected = testCase.expected;
      if ('agentId' in expected) {
        expect(result.kind).to.equal('placed');
        if (result.kind !== 'placed') return;
        expect(result.agentIds).to.deep.equal([expected.agentId]);
        expect(result.placements).to.deep.equal(
          session.kernels.map((k) => ({
            kernelId: k.id,
            agentId: expected.agentId,
            slots: k.requestedSlots,
          })),
        );
        // The view now holds the placement: the chosen agent has that much less left.
        const before = agents.find((a) => a.id === expected.agentId)!;
        expect(view.containersOf(expected.agentId)).to.equal(session.kernels.length);
        expect(view.remainingOf(expected.agentId).toJSON()).to.not.deep.equal(
          new ClusterView([before]).remainingOf(expected.agentId).toJSON(),
        );
      } else {
        expect(result.kind).to.equal('failed');
        if (result.kind !== 'failed') return;
        expect(result.failure.reason).to.include(expected.noFit);
        if (expected.shortage !== undefined) expect(result.failure.shortage).to.equal(expected.shortage);
        if (expected.missingSlots) expect(result.failure.missingSlots).to.deep.equal(expected.missingSlots);
      }
    });
  }
});

describe('sokovan: priority bands', () => {
  it('groups pending sessions by priority, highest band first, each band in input order', () => {
    const pending = [
      pendingSession({ id: 'low', priority: 0 }),
      pendingSession({ id: 'high-1', priority: 5 }),
      pendingSession({ id: 'mid', priority: 3 }),
      pendingSession({ id: 'high-2', priority: 5 }),
    ];
    expect(priorityBands(pending).map((band) => band.map((s) => s.id))).to.deep.equal([
      ['high-1', 'high-2'],
      ['mid'],
      ['low'],
    ]);
    expect(priorityBands([])).to.deep.equal([]);
  });
});
