import which from 'which';
import { hostArchitecture, type BackendImage, type Logger } from '@tessera/core';
import type { Config } from './config.generated';

export type CatalogEntry = NonNullable<Config['images'][string]>;

/** A catalog image whose runtime was found on this host. */
export interface RunnableImage {
  image: BackendImage;
  entry: CatalogEntry;
  /** Absolute path of the interpreter. */
  runtimePath: string;
}

/**
 * The configured images and the host runtimes behind them. `which` resolves a runtime the way a
 * shell would (PATH search, executable bit), so `python3` and `/usr/bin/python3` both work.
 */
export class ImageCatalog {
  constructor(
    private readonly images: Config['images'],
    private readonly log: Logger,
  ) {}

  /** Every image whose runtime exists here; the others are skipped with a log line saying why. */
  async scan(): Promise<RunnableImage[]> {
    const runnable: RunnableImage[] = [];
    for (const name of Object.keys(this.images).sort()) {
      const found = await this.find(name);
      if (found) runnable.push(found);
    }
    return runnable;
  }

  /** The image by name, or null when it is not in the catalog or its runtime is missing. */
  async find(name: string): Promise<RunnableImage | null> {
    const entry = this.images[name];
    if (!entry) return null;
    const runtimePath = await which(entry.runtimePath, { nothrow: true });
    if (!runtimePath) {
      this.log.info('image skipped: runtime not found on this host', {
        image: name,
        runtimePath: entry.runtimePath,
        searched: process.env.PATH,
      });
      return null;
    }
    return {
      entry,
      runtimePath,
      image: {
        name,
        architecture: hostArchitecture(),
        labels: {
          ...entry.labels,
          'ai.backend.runtime-type': entry.runtimeType,
          'ai.backend.runtime-path': runtimePath,
        },
      },
    };
  }
}
