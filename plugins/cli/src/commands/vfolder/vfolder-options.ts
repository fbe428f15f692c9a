import {
  BackendClientError,
  parseStorageProxyAddressMap,
  type StorageProxyAddressMap,
  type VfolderPermission,
  type VfolderUsageMode,
} from '@tessera/client';
import { InvalidArgumentError } from 'commander';
import { parseChoice } from '../admin/admin-support';
import { PROGRESS_MODES, type ProgressMode } from './transfer-progress';

export const PERMISSIONS: readonly VfolderPermission[] = ['ro', 'rw', 'wd'];
export const USAGE_MODES: readonly VfolderUsageMode[] = ['general', 'data', 'model'];

export const parsePermission = parseChoice(PERMISSIONS);
export const parseUsageMode = parseChoice(USAGE_MODES);
export const parseProgressMode = parseChoice<ProgressMode>(PROGRESS_MODES);

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
};

/** `1073741824`, `512m`, `10g`, `1.5GiB` (binary units, any case) as bytes. */
export function parseByteSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtp]?)(?:i?b)?\s*$/i.exec(value);
  const bytes = match ? Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new InvalidArgumentError(
      `expected a size in bytes such as 1073741824, 512m or 10g, got "${value}".`,
    );
  }
  return bytes;
}

/** A chunk size: a byte size of at least 64 KiB. */
export function parseChunkSize(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes < 64 * 1024) throw new InvalidArgumentError(`expected at least 64k, got "${value}".`);
  return bytes;
}

/** `--override-storage-proxy FROM=TO[,FROM=TO]`. */
export function parseAddressMap(value: string): StorageProxyAddressMap {
  try {
    return parseStorageProxyAddressMap(value, '--override-storage-proxy');
  } catch (error) {
    if (error instanceof BackendClientError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}
