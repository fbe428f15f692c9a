import type { Config } from './config.generated';

/** Every setting of the Redis event bus: the plugin's config (schema defaults applied) with a consumer name. */
export type RedisBusOptions = Omit<Config, 'consumer'> & { consumer: string };

/**
 * The bus options for a plugin config: the consumer name, when the config leaves it out, is
 * `<node id>-<pid>` (unique per process, stable for the life of the process).
 */
export function resolveBusOptions(
  config: Config,
  nodeId: string,
  pid: number = process.pid,
): RedisBusOptions {
  return { ...config, consumer: config.consumer ?? `${nodeId}-${pid}` };
}
