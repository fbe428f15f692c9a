import { isAbsolute } from 'node:path';
import type { VolumeConfig } from '@tessera/core';
import { volumeConfigError } from './storage-errors';

/** One per-volume option a backend accepts: what it must be, and the check. */
export interface VolumeOptionSpec {
  expected: string;
  valid(value: unknown): boolean;
}

export const positiveInteger: VolumeOptionSpec = {
  expected: 'a positive integer',
  valid: (value) => typeof value === 'number' && Number.isSafeInteger(value) && value > 0,
};

export const nonNegativeNumber: VolumeOptionSpec = {
  expected: 'a number of seconds, 0 or more',
  valid: (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0,
};

/**
 * Checks a volume config before a backend opens it: a name, an absolute path, and only the
 * options the backend knows, each valid. Errors name the volume and the option.
 */
export function checkVolumeConfig(config: VolumeConfig, specs: Record<string, VolumeOptionSpec>): void {
  const name = typeof config?.name === 'string' && config.name !== '' ? config.name : '?';
  if (name === '?') throw volumeConfigError(name, 'name must be a non-empty string', { option: 'name' });
  if (typeof config.path !== 'string' || !isAbsolute(config.path))
    throw volumeConfigError(name, `path must be an absolute path (got ${JSON.stringify(config.path)})`, {
      option: 'path',
    });
  const options = config.options ?? {};
  if (typeof options !== 'object' || Array.isArray(options))
    throw volumeConfigError(name, 'options must be an object', { option: 'options' });
  for (const [option, value] of Object.entries(options)) {
    const spec = specs[option];
    if (!spec) {
      const known = Object.keys(specs);
      throw volumeConfigError(
        name,
        `unknown option "${option}" (${known.length ? `known: ${known.join(', ')}` : 'this backend takes no options'})`,
        { option },
      );
    }
    if (!spec.valid(value))
      throw volumeConfigError(
        name,
        `option "${option}" must be ${spec.expected} (got ${JSON.stringify(value)})`,
        {
          option,
        },
      );
  }
}
