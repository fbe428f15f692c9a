import { contractToken } from './token';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

/**
 * service/v1: a daemon role (manager, agent, storage-proxy, app-proxy, webserver). A service
 * plugin listens in `start` and closes its listeners in `stop`. `endpoints` tells operators where
 * it can be reached once started.
 */
export interface ServiceInfo {
  readonly role: string;
  endpoints(): Record<string, string>;
}

/** Health of every started plugin, collected by the kernel: plugin id -> report. */
export interface HealthRegistry {
  report(pluginId: string, health: HealthReport): void;
  snapshot(): Record<string, HealthReport>;
}
export const HealthRegistry = contractToken<HealthRegistry>('health');
