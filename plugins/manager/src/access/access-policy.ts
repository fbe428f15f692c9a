import type { KeypairRecord } from '@tessera/core';
import { ManagerErrors } from '../manager-errors';

/**
 * The role a caller acts with. `admin` is a domain admin: the admin role, or an admin keypair of a
 * user (as the REST routes' `owner_access_key` rule and the session queries read it); a
 * superadmin's role wins over its keypair's flag, and a monitor stays a monitor.
 */
export type AccessRole = 'superadmin' | 'admin' | 'user' | 'monitor';
export const ACCESS_ROLES = [
  'superadmin',
  'admin',
  'user',
  'monitor',
] as const satisfies readonly AccessRole[];

/**
 * How far a role reaches for one action:
 * - `any`: every target, in every domain;
 * - `domain`: targets in the caller's own domain, and never a superadmin's user or keypair
 *   (`target.role === 'superadmin'`);
 * - `member`: projects the caller belongs to (`target.members` holds the caller's user id), in its domain;
 * - `self`: the caller's own user or keypair (every identity field the target gives names the caller).
 * A role absent from a rule may not do the action at all.
 */
export type AccessScope = 'any' | 'domain' | 'member' | 'self';

/** One action of the table: what it is (for the refusal's message) and how far each role reaches. */
export interface AccessRule {
  readonly description: string;
  readonly roles: Readonly<Partial<Record<AccessRole, AccessScope>>>;
}

/** The table: action name (`user.modify`, `domain.purge`) to rule. */
export type AccessRules = Readonly<Record<string, AccessRule>>;

/**
 * What an action is done to. Give every field known about the target: a `domain` rule checks
 * `domainName` (and `role`), a `self` rule every identity field given (`userEmail`, `userId`,
 * `accessKey`, `resourcePolicy`), a `member` rule `members` and `domainName`. A check without the
 * field it needs is refused, never assumed to pass.
 */
export interface AccessTarget {
  readonly domainName?: string | undefined;
  readonly userEmail?: string | undefined;
  readonly userId?: string | undefined;
  readonly accessKey?: string | undefined;
  /** The role of the user the target is or belongs to. */
  readonly role?: string | undefined;
  /** A keypair resource policy by name (`self`: the caller's own keypair's policy). */
  readonly resourcePolicy?: string | undefined;
  /** A project's member user ids. */
  readonly members?: readonly string[] | undefined;
}

export function roleOf(caller: KeypairRecord): AccessRole {
  if (caller.userRole === 'superadmin') return 'superadmin';
  if (caller.userRole === 'monitor') return 'monitor';
  if (caller.userRole === 'admin' || caller.isAdmin) return 'admin';
  return 'user';
}

/** Whether `scope` covers `target` for `caller`: the pure decision behind AccessPolicy.authorize. */
export function scopeCovers(
  scope: AccessScope,
  caller: KeypairRecord,
  target: AccessTarget | undefined,
): boolean {
  if (scope === 'any') return true;
  if (!target) return false;
  if (target.domainName !== undefined && target.domainName !== caller.domainName) return false;
  switch (scope) {
    case 'domain':
      return target.domainName !== undefined && target.role !== 'superadmin';
    case 'member':
      return target.domainName !== undefined && (target.members ?? []).includes(caller.userId);
    case 'self': {
      const checks: Array<[string | undefined, string]> = [
        [target.userEmail, caller.userEmail],
        [target.userId, caller.userId],
        [target.accessKey, caller.accessKey],
        [target.resourcePolicy, caller.resourcePolicy],
      ];
      const given = checks.filter(([asked]) => asked !== undefined);
      return given.length > 0 && given.every(([asked, own]) => asked === own);
    }
  }
}

/**
 * The manager's one permission table: every action a REST route or GraphQL resolver performs on
 * a caller's behalf names a rule here, and `authorize` is the only place the rule is applied. The
 * host builds it from the rules feature plugins contribute (`manager/access-rules`); an action
 * two contributions define, or one nobody defined, is a programming error.
 */
export class AccessPolicy {
  private readonly rules = new Map<string, AccessRule>();

  constructor(tables: readonly AccessRules[] = []) {
    for (const table of tables) this.define(table);
  }

  /** Adds actions; an action already defined throws. */
  define(table: AccessRules): void {
    for (const [action, rule] of Object.entries(table)) {
      if (this.rules.has(action)) throw new Error(`access action "${action}" is defined twice`);
      this.rules.set(action, rule);
    }
  }

  has(action: string): boolean {
    return this.rules.has(action);
  }

  /** Every action and its rule, by name (for documentation and tests). */
  entries(): Array<[string, AccessRule]> {
    return [...this.rules.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /** How far the caller reaches for the action, or null when its role may not do it at all. */
  scopeOf(caller: KeypairRecord, action: string): AccessScope | null {
    return this.rule(action).roles[roleOf(caller)] ?? null;
  }

  /** Whether the caller may do the action to the target (no error). */
  allows(caller: KeypairRecord, action: string, target?: AccessTarget): boolean {
    const scope = this.scopeOf(caller, action);
    return scope !== null && scopeCovers(scope, caller, target);
  }

  /**
   * Refuses with `forbidden` (naming the action and the caller's role) unless the caller may do
   * the action to the target; answers the scope that allowed it, which listings use to narrow
   * what they read (`domain`: the caller's domain, `self`: the caller's own rows).
   */
  authorize(caller: KeypairRecord, action: string, target?: AccessTarget): AccessScope {
    const rule = this.rule(action);
    const role = roleOf(caller);
    const scope = rule.roles[role] ?? null;
    if (scope === null) {
      throw ManagerErrors.forbidden(`${withArticle(role)} may not ${rule.description} (action ${action})`);
    }
    if (!scopeCovers(scope, caller, target)) {
      throw ManagerErrors.forbidden(
        `${withArticle(role)} may ${rule.description} only ${SCOPE_WORDS[scope]} (action ${action}${describe(target)})`,
      );
    }
    return scope;
  }

  private rule(action: string): AccessRule {
    const rule = this.rules.get(action);
    if (!rule) throw new Error(`access action "${action}" is not in the permission table`);
    return rule;
  }
}

function withArticle(role: AccessRole): string {
  return role === 'admin' ? 'An admin' : `A ${role}`;
}

const SCOPE_WORDS: Record<AccessScope, string> = {
  any: 'anywhere',
  domain: 'within its own domain, never for a superadmin',
  member: 'for projects of its own domain it belongs to',
  self: 'for itself',
};

function describe(target: AccessTarget | undefined): string {
  if (!target) return '';
  const parts: string[] = [];
  if (target.domainName !== undefined) parts.push(`domain "${target.domainName}"`);
  if (target.userEmail !== undefined) parts.push(`user "${target.userEmail}"`);
  if (target.accessKey !== undefined) parts.push(`access key "${target.accessKey}"`);
  if (target.resourcePolicy !== undefined) parts.push(`policy "${target.resourcePolicy}"`);
  return parts.length > 0 ? ` on ${parts.join(', ')}` : '';
}
