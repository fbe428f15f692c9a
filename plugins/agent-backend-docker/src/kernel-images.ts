import type Dockerode from 'dockerode';
import { TesseraError, type BackendImage, type Logger } from '@tessera/core';
import type { Config } from './config.generated';
import { dockerMessage, dockerStatus } from './docker-errors';
import { IMAGE_LABELS } from './labels';

/** Docker's architecture names in Backend.AI's spelling (as core's hostArchitecture answers). */
export function backendArchitecture(dockerArchitecture: string | undefined): string {
  switch (dockerArchitecture) {
    case 'amd64':
      return 'x86_64';
    case 'arm64':
      return 'aarch64';
    default:
      return dockerArchitecture || 'unknown';
  }
}

/** An image a kernel is about to run, with what the backend needs of it. */
export interface KernelImage {
  name: string;
  labels: Record<string, string>;
  /** `ai.backend.runtime-type=python` with a runtime path: Tessera's runner can run in it. */
  runtimePath?: string;
}

/** The registry host of an image reference (`host[:port]/...`), or undefined for Docker Hub-style names. */
function registryHostOf(reference: string): string | undefined {
  const slash = reference.indexOf('/');
  if (slash < 0) return undefined;
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

/** Where to pull `image` from with the configured registry: its own registry host, or the configured one. */
export function pullReference(
  image: string,
  registryUrl: string,
): { reference: string; registryHost: string } {
  const configuredHost = registryUrl.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const ownHost = registryHostOf(image);
  if (ownHost) return { reference: image, registryHost: ownHost };
  return { reference: `${configuredHost}/${image}`, registryHost: configuredHost };
}

/**
 * The engine's kernel images: local images labelled `ai.backend.kernelspec` (every image when
 * `imageFilter` is off), one entry per repo:tag; and, for a kernel, its image, pulled from the
 * configured registry when the engine does not have it.
 */
export class KernelImages {
  constructor(
    private readonly docker: Dockerode,
    private readonly settings: Pick<Config, 'imageFilter' | 'registry'>,
    private readonly log: Logger,
  ) {}

  async scan(): Promise<BackendImage[]> {
    const images = await this.docker.listImages(
      this.settings.imageFilter ? { filters: { label: [IMAGE_LABELS.kernelspec] } } : {},
    );
    const found: BackendImage[] = [];
    for (const summary of images) {
      const tags = (summary.RepoTags ?? []).filter((tag) => !tag.includes('<none>'));
      if (tags.length === 0) continue;
      let architecture: string;
      try {
        architecture = backendArchitecture((await this.docker.getImage(summary.Id).inspect()).Architecture);
      } catch (error) {
        if (dockerStatus(error) === 404) continue; // removed while we looked
        throw error;
      }
      for (const name of tags) found.push({ name, architecture, labels: { ...(summary.Labels ?? {}) } });
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The kernel's image, pulled first when it is missing and a registry is configured. */
  async resolve(name: string): Promise<KernelImage> {
    let inspected = await this.inspect(name);
    if (!inspected) {
      if (!this.settings.registry) {
        throw TesseraError.notFound(
          'image-not-found',
          `Image "${name}" is not on this agent's Docker engine`,
          {
            image: name,
          },
        );
      }
      await this.pull(name, this.settings.registry);
      inspected = await this.inspect(name);
      if (!inspected) {
        throw TesseraError.notFound('image-not-found', `Image "${name}" is still missing after the pull`, {
          image: name,
        });
      }
    }
    const labels = inspected.Config?.Labels ?? {};
    if (this.settings.imageFilter && !(IMAGE_LABELS.kernelspec in labels)) {
      throw TesseraError.notFound(
        'image-not-found',
        `Image "${name}" is not a kernel image (it has no ${IMAGE_LABELS.kernelspec} label)`,
        { image: name },
      );
    }
    const runtimePath =
      labels[IMAGE_LABELS.runtimeType] === 'python' && labels[IMAGE_LABELS.runtimePath]
        ? labels[IMAGE_LABELS.runtimePath]
        : undefined;
    return { name, labels, runtimePath };
  }

  private async inspect(name: string): Promise<Dockerode.ImageInspectInfo | undefined> {
    try {
      return await this.docker.getImage(name).inspect();
    } catch (error) {
      if (dockerStatus(error) === 404) return undefined;
      throw error;
    }
  }

  private async pull(name: string, registry: NonNullable<Config['registry']>): Promise<void> {
    const { reference, registryHost } = pullReference(name, registry.url);
    const authconfig =
      registry.username !== undefined
        ? { username: registry.username, password: registry.password ?? '', serveraddress: registryHost }
        : undefined;
    this.log.info('pulling image', { image: name, reference, registry: registryHost });
    const started = Date.now();
    try {
      const stream = await this.docker.pull(reference, authconfig ? { authconfig } : {});
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
          const failed = error ?? output.find((event) => event.error)?.error;
          if (failed) reject(failed instanceof Error ? failed : new Error(failed));
          else resolve();
        });
      });
      if (reference !== name) {
        const colon = name.lastIndexOf(':');
        const hasTag = colon > name.lastIndexOf('/');
        await this.docker.getImage(reference).tag({
          repo: hasTag ? name.slice(0, colon) : name,
          tag: hasTag ? name.slice(colon + 1) : 'latest',
        });
      }
    } catch (error) {
      throw TesseraError.notFound(
        'image-not-found',
        `Image "${name}" is not on this agent and pulling ${reference} failed: ${dockerMessage(error)}`,
        { image: name, reference, registry: registryHost },
      );
    }
    this.log.info('image pulled', { image: name, reference, ms: Date.now() - started });
  }
}
