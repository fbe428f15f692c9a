/** One predicate's verdict on a pending session (`status_data.scheduler` names). */
export interface PredicateVerdict {
  name: string;
  passed: boolean;
  /** Why it failed; absent when it passed. */
  message?: string;
}

/** One agent of the resource group, as a kernel requirement sees it. */
export interface AgentVerdict {
  agentId: string;
  passed: boolean;
  /** The filter that rejected the agent: status, architecture, designated-agent, container-limit, resources. */
  filter?: string;
  detail?: string;
  /** Per slot, how much more the agent would need. */
  missing?: Record<string, string>;
  remaining: Record<string, string>;
}

/** The kernels placed together (all of a single-node session, one kernel of a multi-node one). */
export interface RequirementExplanation {
  kernels: string[];
  architecture: string;
  slots: Record<string, string>;
  designatedAgent: string | null;
  agents: AgentVerdict[];
}

/** `GET /session/:id/scheduling` for a PENDING session: why it still waits. */
export interface PendingSessionScheduling {
  sessionId: string;
  sessionName: string;
  status: string;
  statusInfo: string | null;
  pending: true;
  resourceGroup: string;
  priority: number;
  scheduler: string;
  agentSelector: string;
  queue: { higherPriorityPending: number; olderInBand: number };
  pendingTimeout: { seconds: number; cancelsAt: string } | null;
  predicates: PredicateVerdict[];
  placement:
    | { result: 'placeable'; agentIds: string[] }
    | {
        result: 'unplaceable';
        reason: string;
        shortage: boolean;
        missingSlots?: Record<string, string>;
        missingContainers?: number;
      };
  requirements: RequirementExplanation[];
  /** What the last scheduling pass recorded (`status_data.scheduler`). */
  lastAttempt: unknown;
}

/** `GET /session/:id/scheduling` for a session that left the queue. */
export interface PlacedSessionScheduling {
  sessionId: string;
  sessionName: string;
  status: string;
  statusInfo: string | null;
  pending: false;
  scheduledAt: string | null;
  agentIds: string[];
}

export type SessionScheduling = PendingSessionScheduling | PlacedSessionScheduling;
