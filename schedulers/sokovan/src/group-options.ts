import type { ConfigStore, ResourceGroupRecord } from '@tessera/core';
import type { GroupOptions } from './pass-input';

/** Backend.AI's key for the most kernels one agent may host. */
export const MAX_CONTAINER_COUNT_KEY = 'config/agent/max-container-count';

/** A whole number of at least zero from a stored option (a number or its text), else null. */
function count(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : null;
}

/**
 * The options one pass applies: the group's `scheduler_opts.pending_timeout` (seconds, 0 never
 * cancels), its `scheduler_opts.config` for the policy, and the container limit from the config
 * store, else the manager's config (0: none).
 */
export async function groupOptions(
  group: ResourceGroupRecord | null,
  store: ConfigStore | undefined,
  defaultMaxContainerCount: number,
): Promise<GroupOptions> {
  const timeoutSeconds = count(group?.schedulerOpts['pending_timeout']) ?? 0;
  const stored = count(store ? await store.get(MAX_CONTAINER_COUNT_KEY) : null);
  const limit = stored ?? defaultMaxContainerCount;
  const config = group?.schedulerOpts['config'];
  return {
    pendingTimeoutMs: timeoutSeconds * 1000,
    maxContainerCount: limit > 0 ? Math.floor(limit) : null,
    ...(isObject(config) && Object.keys(config).length > 0 ? { schedulerConfig: config } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
