import { ResourceSlot, type SessionRecord, type SlotsJSON } from '@tessera/core';
import { ownerKey, type UsageLevel } from '../owner-usage';
import type { Predicate, PredicateContext } from './predicate';

/**
 * What the owner at `level` would hold with this session, checked against `limit` slot by slot
 * for the slots the session asks for. Returns the failure message, or null.
 */
function exceedsLimit(
  session: SessionRecord,
  context: PredicateContext,
  level: UsageLevel,
  limit: ResourceSlot,
  what: string,
): string | null {
  const requested = ResourceSlot.fromJSON(session.requestedSlots);
  const used = context.usage.occupancyOf(level, ownerKey(session, level));
  const over: string[] = [];
  for (const slot of requested.keys().sort()) {
    const amount = requested.get(slot);
    if (amount.isZero() || !limit.has(slot)) continue;
    if (used.get(slot).add(amount).gt(limit.get(slot))) {
      over.push(
        `${slot}: requested ${amount.toFixed()}, in use ${used.get(slot).toFixed()}, limit ${limit.get(slot).toFixed()}`,
      );
    }
  }
  return over.length ? `Your ${what} resource quota is exceeded. (${over.join('; ')})` : null;
}

/** A project's or domain's `total_resource_slots`: slots it does not list are unlimited. */
function openLimit(slots: SlotsJSON, context: PredicateContext): ResourceSlot {
  return ResourceSlot.fromPolicy(
    { totalResourceSlots: slots, defaultForUnspecified: 'UNLIMITED' },
    context.slotTypes,
  );
}

/** The keypair's holdings plus this session within its policy (`default_for_unspecified` fills the rest). */
export const keypairResourceLimit: Predicate = {
  name: 'keypair_resource_limit',
  forPrivateSessions: false,
  check(session, context) {
    const policy = context.limits.keypairs[session.accessKey];
    if (!policy) return null;
    return exceedsLimit(
      session,
      context,
      'keypair',
      ResourceSlot.fromPolicy(policy, context.slotTypes),
      'keypair',
    );
  },
};

/** The user's holdings (every keypair of theirs) within the policy of the user's main keypair. */
export const userResourceLimit: Predicate = {
  name: 'user_resource_limit',
  forPrivateSessions: false,
  check(session, context) {
    const policy = context.limits.users[session.userId];
    if (!policy) return null;
    return exceedsLimit(session, context, 'user', ResourceSlot.fromPolicy(policy, context.slotTypes), 'user');
  },
};

/** The project's holdings within its `total_resource_slots`. */
export const projectResourceLimit: Predicate = {
  name: 'user_group_resource_limit',
  forPrivateSessions: false,
  check(session, context) {
    const slots = context.limits.projects[ownerKey(session, 'project')];
    if (!slots) return null;
    return exceedsLimit(session, context, 'project', openLimit(slots, context), 'project');
  },
};

/** The domain's holdings within its `total_resource_slots`. */
export const domainResourceLimit: Predicate = {
  name: 'domain_resource_limit',
  forPrivateSessions: false,
  check(session, context) {
    const slots = context.limits.domains[session.domainName];
    if (!slots) return null;
    return exceedsLimit(session, context, 'domain', openLimit(slots, context), 'domain');
  },
};
