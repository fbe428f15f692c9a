import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/**
 * monitor/v1 (Backend.AI's `backendai_monitor_stats_v10` / `_error_v10`): receives statistics and
 * captured errors. Calls are fire-and-forget for the caller: a monitor must not throw into it.
 */
export interface Monitor {
  readonly name: string;
  reportStat(key: string, value: number, tags?: Record<string, string>): void;
  reportError(error: Error, context?: Record<string, unknown>): void;
}
export const MonitorRegistry = contractToken<NamedRegistry<Monitor>>('monitor');
