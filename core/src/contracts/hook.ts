import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/**
 * How the results of one hook point combine, named by the hook point (Rollup-style):
 * - `first`: handlers run in order; the first non-undefined result wins.
 * - `all`: every handler runs, in parallel; a rejection of any rejects the dispatch.
 * - `veto`: handlers run in order; the first `{ allow: false }` stops and refuses.
 */
export type HookDispatchMode = 'first' | 'all' | 'veto';

export interface HookPoint<Args, Result> {
  readonly name: string;
  readonly mode: HookDispatchMode;
  readonly __types?: [Args, Result];
}

export type VetoResult = { allow: true } | { allow: false; reason: string };

/** Hook points the core defines. Plugins may define their own with `defineHookPoint`. */
export const HOOK_POINTS = {
  authorize: { name: 'authorize', mode: 'first' },
  preEnqueueSession: { name: 'pre-enqueue-session', mode: 'veto' },
  sessionTerminated: { name: 'session-terminated', mode: 'all' },
  /**
   * The scheduler's last predicate (Backend.AI's PREDICATE hook), after the built-in ones:
   * handlers get `{ session: SessionRecord }` and may refuse to start it now; the session stays
   * PENDING with the reason. Counted as a predicate only when some handler answers.
   */
  predicate: { name: 'predicate', mode: 'veto' },
} as const;

/**
 * hook/v1 (Backend.AI's `backendai_hook_v20`): a plugin that reacts at named points of the
 * manager's work. `handlers` maps hook point names to functions; the dispatcher wraps every
 * error with the plugin id and the hook point.
 */
export interface Hook {
  readonly name: string;
  handlers(): Record<string, (args: unknown) => Promise<unknown> | unknown>;
}
export const HookRegistry = contractToken<NamedRegistry<Hook>>('hook');
