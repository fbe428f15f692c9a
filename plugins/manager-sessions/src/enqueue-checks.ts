import type {
  Database,
  KeypairRecord,
  KeypairResourcePolicyRecord,
  ResourceGroupRecord,
  ResourceSlot,
  SessionRecord,
} from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';
import { pendingCountViolation, pendingResourcesViolation } from '@tessera/sokovan';
import type { CreateSessionRequest } from './create-session-request';
import { SessionErrors } from './session-errors';
import { findOwnedSession } from './session-lookup';

/** Backend.AI's default session priority (SESSION_PRIORITY_DEFAULT). */
export const DEFAULT_SESSION_PRIORITY = 10;

/** Session types a resource group accepts when its `scheduler_opts` do not say. */
const DEFAULT_ALLOWED_TYPES = ['interactive', 'batch', 'inference'];

/** What the enqueue checks found, for the checks that need the resolved request. */
export interface EnqueueAdmission {
  priority: number;
  dependencies: string[];
  policy: KeypairResourcePolicyRecord | null;
  /** The owner's sessions already waiting (in every resource group); empty for system sessions. */
  pending: SessionRecord[];
}

/**
 * What is checked before a session is queued (upstream-notes §3.8): the owner may not have more
 * pending sessions than its policy allows, the policy bounds the priority and the containers per
 * session, the resource group must accept the session type, designated agents may not outnumber
 * the kernels, and dependencies must name the owner's sessions (who may create system sessions or
 * designate agents is the permission table's: `authorizeCreation`, before). The pending-resources
 * limit needs the resolved slots: `checkPendingResources` runs once they are known.
 */
export async function checkEnqueue(
  db: Database,
  owner: KeypairRecord,
  request: CreateSessionRequest,
  group: ResourceGroupRecord | null,
): Promise<EnqueueAdmission> {
  const policy = await db.resourcePolicies.keypairPolicy(owner.accessKey);
  // Private (sftp) sessions are not limited by the pending quota, as in the predicates.
  const pending = request.type === 'system' ? [] : await db.sessions.listPendingOf(owner.accessKey);
  const tooMany = pendingCountViolation(policy, pending.length + 1);
  if (tooMany) {
    throw SessionErrors.quotaExceeded(tooMany, {
      maxPendingSessionCount: policy?.maxPendingSessionCount,
      pendingSessions: pending.length,
    });
  }
  const priority = request.priority ?? Math.min(DEFAULT_SESSION_PRIORITY, policy?.maxPriority ?? Infinity);
  if (policy && priority > policy.maxPriority) {
    throw ManagerErrors.invalidParams(
      `Priority ${priority} is above the maximum of ${policy.maxPriority} that policy "${policy.name}" allows`,
      { priority, maxPriority: policy.maxPriority },
    );
  }
  const perSession = policy?.maxContainersPerSession ?? 0;
  if (perSession > 0 && request.clusterSize > perSession) {
    throw ManagerErrors.invalidParams(
      `A session may have at most ${perSession} containers under policy "${policy!.name}" (clusterSize ${request.clusterSize})`,
      { clusterSize: request.clusterSize, maxContainersPerSession: perSession },
    );
  }
  const allowed = group?.schedulerOpts['allowed_session_types'];
  const types = Array.isArray(allowed) ? allowed.map(String) : DEFAULT_ALLOWED_TYPES;
  if (request.type !== 'system' && !types.includes(request.type)) {
    throw ManagerErrors.invalidParams(
      `Resource group "${group?.name}" does not accept ${request.type} sessions (it accepts ${types.join(', ')})`,
      { type: request.type },
    );
  }
  if (request.agentList?.length) {
    if (request.agentList.length > request.clusterSize) {
      throw ManagerErrors.invalidParams('config.agentList names more agents than the session has kernels', {
        agentList: request.agentList,
        clusterSize: request.clusterSize,
      });
    }
  }
  const dependencies: string[] = [];
  for (const reference of request.dependencies) {
    const found = await findOwnedSession(db, owner.accessKey, reference);
    if (!found) throw SessionErrors.sessionNotFound(reference);
    dependencies.push(found.id);
  }
  return { priority, dependencies: [...new Set(dependencies)], policy, pending };
}

/** The owner's pending sessions plus this request must stay within `max_pending_session_resource_slots`. */
export function checkPendingResources(admission: EnqueueAdmission, requested: ResourceSlot): void {
  const queue = [...admission.pending.map((s) => s.requestedSlots), requested.toJSON()];
  const over = pendingResourcesViolation(admission.policy, queue);
  if (over) {
    throw SessionErrors.quotaExceeded(over, {
      maxPendingSessionResourceSlots: admission.policy?.maxPendingSessionResourceSlots,
      requested: requested.toJSON(),
    });
  }
}
