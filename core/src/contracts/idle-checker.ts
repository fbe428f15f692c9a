import type { SessionRecord } from './database';
import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

export type IdleVerdict = { kind: 'keep' } | { kind: 'terminate'; statusInfo: string; detail: string };

/**
 * idle-checker/v1: decides whether a running session has been idle too long (timeout, session
 * lifetime, utilization). The manager calls `check` periodically for each running session; it
 * returns a verdict and never terminates anything itself.
 */
export interface IdleChecker {
  readonly name: string;
  check(session: SessionRecord, now: Date): Promise<IdleVerdict>;
}
export const IdleCheckerRegistry = contractToken<NamedRegistry<IdleChecker>>('idle-checker');
