import { Database, Logger } from '@tessera/core';
import type { ImageRecord } from '@tessera/core';
import { inject, injectable } from 'tsyringe';
import { notFound, RegistryStore, type RegistryConfig } from '../registries/registry-config';
import { BackgroundTasks, type TaskProgress, type TaskResult } from '@tessera/manager';
import { messageOf, scanDockerRegistry, scanLocalDocker } from './rescan-scanners';

/**
 * `rescan_images`: scans one configured registry (or every one) in a background task and upserts
 * what it finds into the images table, registry by registry. A registry that cannot be scanned at
 * all is an error of the task; the task fails only when no registry could be scanned.
 */
@injectable()
export class ImageRescanner {
  constructor(
    @inject(RegistryStore) private readonly registries: RegistryStore,
    @inject(Database) private readonly db: Database,
    @inject(BackgroundTasks) private readonly tasks: BackgroundTasks,
    @inject(Logger) private readonly log: Logger,
  ) {}

  /** Starts the task; refused (nothing started) when `hostname` names no registry. Answers the task id. */
  async start(hostname: string | null): Promise<string> {
    let targets: RegistryConfig[];
    if (hostname !== null) {
      const registry = await this.registries.get(hostname);
      if (!registry) throw notFound(hostname, 'registry');
      targets = [registry];
    } else {
      targets = await this.registries.list();
    }
    return this.tasks.start(`rescan of ${hostname ?? 'every registry'}`, (progress) =>
      this.scan(targets, progress),
    );
  }

  private async scan(targets: RegistryConfig[], progress: TaskProgress): Promise<TaskResult> {
    let scanned = 0;
    let images = 0;
    const failures: string[] = [];
    for (const registry of targets) {
      if (progress.signal.aborted) break;
      const found: ImageRecord[] = [];
      try {
        if (registry.type === 'local')
          await scanLocalDocker(registry, progress, (image) => found.push(image));
        else if (['docker', 'harbor', 'harbor2'].includes(registry.type))
          await scanDockerRegistry(registry, progress, (image) => found.push(image));
        else throw new Error(`unsupported registry type ${JSON.stringify(registry.type)}`);
        scanned++;
      } catch (error) {
        const message = `${registry.hostname}: ${messageOf(error)}`;
        failures.push(message);
        progress.error(message);
      }
      if (found.length) {
        await this.db.images.upsertMany(found);
        images += found.length;
      }
      this.log.info('registry rescanned', {
        hostname: registry.hostname,
        type: registry.type,
        images: found.length,
      });
    }
    if (targets.length > 0 && scanned === 0)
      throw new Error(`no registry could be scanned: ${failures.join('; ')}`);
    return {
      message: `${images} image(s) updated from ${scanned} of ${targets.length} registr${targets.length === 1 ? 'y' : 'ies'}`,
    };
  }
}
