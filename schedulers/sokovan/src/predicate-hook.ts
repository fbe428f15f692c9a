import { HOOK_POINTS, type Hook, type Logger, type NamedRegistry, type SessionRecord } from '@tessera/core';
import type { PredicateVerdict } from './predicates/predicate';

/** How the predicate hook appears in `status_data.scheduler`. */
export const PREDICATE_HOOK_NAME = 'predicate_hook';

type Handler = (args: unknown) => Promise<unknown> | unknown;

/**
 * The `predicate` hook point (veto): every hook plugin with a handler for it is asked in
 * registry order; the first refusal fails the session with the plugin's reason. A handler that
 * throws refuses too (the session waits rather than starting unchecked) and is logged. Returns
 * undefined when no plugin handles the point: then it is not a predicate at all.
 */
export function predicateHook(
  hooks: NamedRegistry<Hook> | undefined,
  log: Logger,
): ((session: SessionRecord) => Promise<PredicateVerdict>) | undefined {
  const handlers: Array<[string, Handler]> = [];
  for (const [name, hook] of hooks?.entries() ?? []) {
    const handler = hook.handlers()[HOOK_POINTS.predicate.name];
    if (handler) handlers.push([name, handler]);
  }
  if (handlers.length === 0) return undefined;
  return async (session) => {
    for (const [name, handler] of handlers) {
      let answer: unknown;
      try {
        answer = await handler({ session });
      } catch (error) {
        log.error('predicate hook failed', { hook: name, sessionId: session.id, error: String(error) });
        return {
          name: PREDICATE_HOOK_NAME,
          passed: false,
          message: `hook "${name}" failed: ${String(error)}`,
        };
      }
      const refusal = answer as { allow?: unknown; reason?: unknown } | undefined;
      if (refusal?.allow === false) {
        const reason = typeof refusal.reason === 'string' ? refusal.reason : 'refused';
        return { name: PREDICATE_HOOK_NAME, passed: false, message: `${name}: ${reason}` };
      }
    }
    return { name: PREDICATE_HOOK_NAME, passed: true };
  };
}
