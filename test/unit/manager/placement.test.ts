import { expect } from 'chai';
import type { AgentStatus, KernelRecord } from '@tessera/core';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { ClusterView, planSingleNode, topPriorityBand } from '@tessera/manager';
import { agentRecord, loadSchedulingFixture, pendingSession } from '../schedulers/scheduling-fixtures';

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
  expected: { agentId: string } | { noFit: string };
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

describe('manager: single-node placement (test/fixtures/scheduling/placement.json)', () => {
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
      const plan = planSingleNode(session, new ClusterView(agents).candidates(), selector);
      const expected = testCase.expected;
      if ('agentId' in expected) {
        expect(plan).to.deep.include({ kind: 'placed', agentId: expected.agentId });
        if (plan.kind === 'placed') {
          expect(plan.placements).to.deep.equal(
            session.kernels.map((k) => ({
              kernelId: k.id,
              agentId: expected.agentId,
              slots: k.requestedSlots,
            })),
          );
        }
      } else {
        expect(plan.kind).to.equal('no-fit');
        if (plan.kind === 'no-fit') expect(plan.reason).to.include(expected.noFit);
      }
    });
  }
});

describe('manager: priority bands', () => {
  it('considers only the sessions of the highest priority present', () => {
    const pending = [
      pendingSession({ id: 'low', priority: 0 }),
      pendingSession({ id: 'high-1', priority: 5 }),
      pendingSession({ id: 'high-2', priority: 5 }),
    ];
    expect(topPriorityBand(pending).map((s) => s.id)).to.deep.equal(['high-1', 'high-2']);
    expect(topPriorityBand([])).to.deep.equal([]);
  });
});
