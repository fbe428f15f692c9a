import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.generated';

/** Every setting of the Redis event bus, with the schema defaults applied. */
export interface RedisBusOptions {
  url: string;
  db: number;
  password?: string;
  stream: string;
  channel: string;
  consumer: string;
  blockMs: number;
  batchSize: number;
  claimIdleMs: number;
  maxRetries: number;
  retryDelayMs: number;
  maxLength: number;
  offlineQueueLimit: number;
}

type Defaults = Omit<RedisBusOptions, 'password' | 'consumer'>;

let schemaDefaults: Defaults | undefined;

/** The defaults written once, in the config schema of this package's package.json. */
function readSchemaDefaults(): Defaults {
  if (!schemaDefaults) {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      tessera: { configSchema: { properties: Record<string, { default?: unknown }> } };
    };
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(manifest.tessera.configSchema.properties)) {
      if (property.default !== undefined) defaults[key] = property.default;
    }
    schemaDefaults = defaults as unknown as Defaults;
  }
  return schemaDefaults;
}

/**
 * Fills in what the config leaves out: schema defaults, and the consumer name `<node id>-<pid>`
 * (unique per process, stable for the life of the process).
 */
export function resolveBusOptions(
  config: Config,
  nodeId: string,
  pid: number = process.pid,
): RedisBusOptions {
  const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...readSchemaDefaults(), consumer: `${nodeId}-${pid}`, ...defined } as RedisBusOptions;
}
