import { mkdir } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  TesseraError,
  type FolderRef,
  type Logger,
  type NamedRegistry,
  type StorageBackend,
  type StorageVolume,
} from '@tessera/core';
import type { FileOwner } from './fs/folder-root';
import type { Config } from './config.generated';
import { ProxyErrors } from './proxy-errors';

/** A volume this proxy serves: its config and the backend's open volume. */
export interface ServedVolume {
  name: string;
  backend: string;
  path: string;
  volume: StorageVolume;
  /** Who owns folders and what the proxy writes in them; null: the proxy's own user. */
  owner: FileOwner | null;
}

/** The proxy's volumes by name, opened through their storage-backend plugins. */
export class VolumeSet {
  private constructor(private readonly volumes: Map<string, ServedVolume>) {}

  /**
   * Opens every configured volume; the first failure closes the ones already open and is
   * reported naming the volume and its backend. Relative paths are taken under `dataDir`.
   */
  static async open(
    configs: Config['volumes'],
    backends: NamedRegistry<StorageBackend>,
    dataDir: string,
    log: Logger,
    owner: FileOwner | null = null,
  ): Promise<VolumeSet> {
    const opened = new Map<string, ServedVolume>();
    try {
      for (const [name, config] of Object.entries(configs)) {
        const backendName = config.backend ?? defaultBackend(backends);
        const backend = backendName === undefined ? undefined : backends.get(backendName);
        if (!backend) {
          throw new TesseraError(
            'config-invalid',
            `volume "${name}": no storage backend named "${backendName ?? '(none given)'}" is loaded (loaded: ${backends.names().join(', ') || 'none'}); add its plugin to the manifest or set volumes.${name}.backend`,
            { volume: name, backend: backendName },
          );
        }
        let path = config.path;
        if (!isAbsolute(path)) {
          path = resolve(dataDir, path);
          await mkdir(path, { recursive: true });
        }
        let volume: StorageVolume;
        try {
          volume = await backend.open({
            name,
            path,
            options: (config.options ?? {}) as Record<string, unknown>,
          });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new TesseraError(
            'config-invalid',
            `volume "${name}" (backend ${backendName}, path ${path}) cannot be opened: ${reason}`,
            { volume: name, backend: backendName },
            {},
            { cause: error },
          );
        }
        opened.set(name, { name, backend: backendName!, path, volume, owner });
        log.info('volume opened', { volume: name, backend: backendName, path });
      }
    } catch (error) {
      await closeAll(opened, log);
      throw error;
    }
    return new VolumeSet(opened);
  }

  names(): string[] {
    return [...this.volumes.keys()];
  }

  all(): ServedVolume[] {
    return [...this.volumes.values()];
  }

  /** The volume by name; 404 volume-not-found. */
  require(name: string): ServedVolume {
    const found = this.volumes.get(name);
    if (!found) throw ProxyErrors.volumeNotFound(name);
    return found;
  }

  async close(log: Logger): Promise<void> {
    await closeAll(this.volumes, log);
  }
}

function defaultBackend(backends: NamedRegistry<StorageBackend>): string | undefined {
  if (backends.defaultName !== undefined) return backends.defaultName;
  const names = backends.names();
  return names.length === 1 ? names[0] : undefined;
}

async function closeAll(volumes: Map<string, ServedVolume>, log: Logger): Promise<void> {
  for (const served of volumes.values()) {
    try {
      await served.volume.close();
    } catch (error) {
      log.warn('closing a volume failed', { volume: served.name, error: String(error) });
    }
  }
  volumes.clear();
}

/**
 * A backend's error as the proxy answers it: the contract's codes (`folder-not-found`,
 * `folder-exists`, `quota-exceeded`, `invalid-argument`) become the storage problem types.
 */
export function backendError(error: unknown, folder?: FolderRef): unknown {
  if (!(error instanceof TesseraError)) return error;
  const vfid = folder?.folderId ?? '';
  switch (error.code) {
    case 'folder-not-found':
      return ProxyErrors.folderNotFound(vfid);
    case 'folder-exists':
      return ProxyErrors.folderExists(vfid);
    case 'quota-exceeded':
      return ProxyErrors.quotaExceeded(error.message, error.details);
    case 'invalid-argument':
      return ProxyErrors.invalidParam(String(error.details.field ?? 'body'), error.message);
    default:
      return error;
  }
}
