import type Dockerode from 'dockerode';
import type { ImageRecord } from '@tessera/core';
import type { RegistryConfig } from '../registries/registry-config';
import type { TaskProgress } from '@tessera/manager';
import { nextLink, RegistryHttp } from './registry-http';

/** What a scan hands over: the images found (to upsert) while it reports through `progress`. */
export type Found = (image: ImageRecord) => void;

/** Backend.AI scans at most this many tags of one registry at a time (max_concurrency_per_registry). */
export const TAG_CONCURRENCY = 4;

const KERNELSPEC = 'ai.backend.kernelspec';
/** The kernel image specs Backend.AI 22.09 runs (MIN_KERNELSPEC..MAX_KERNELSPEC). */
const KERNELSPECS = new Set(['1']);

/** An image Backend.AI would run: its `ai.backend.kernelspec` is one it supports. */
function isKernelImage(labels: Record<string, string>): boolean {
  const spec = labels[KERNELSPEC];
  return spec !== undefined && KERNELSPECS.has(spec.trim());
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** Docker's and OCI's architecture names in Backend.AI's spelling. */
export function backendArchitecture(name: string | undefined): string {
  if (name === 'amd64') return 'x86_64';
  if (name === 'arm64') return 'aarch64';
  return name || 'unknown';
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface Manifest {
  mediaType?: string;
  manifests?: Array<{ digest: string; platform?: { architecture?: string; os?: string } }>;
  config?: { digest: string; size: number };
  layers?: Array<{ size: number }>;
}

interface ImageConfig {
  architecture?: string;
  config?: { Labels?: Record<string, string> | null };
  container_config?: { Labels?: Record<string, string> | null };
}

/**
 * The Docker Registry HTTP API v2 scanner (types docker, harbor, harbor2): the repositories of
 * the catalog (only those under the configured projects when there are any), each repository's
 * tags, each tag's manifest (each architecture's of a manifest list or OCI index) and config blob.
 * An image without a supported `ai.backend.kernelspec` (1) is skipped as Backend.AI does; a tag that cannot be read
 * is an error of the task, not its end.
 */
export async function scanDockerRegistry(
  registry: RegistryConfig,
  progress: TaskProgress,
  found: Found,
): Promise<void> {
  const http = new RegistryHttp(registry, progress.signal);
  const repositories = (await catalog(http)).filter(
    (repository) =>
      registry.project.length === 0 ||
      registry.project.some((project) => repository.startsWith(`${project}/`)),
  );
  // One repository at a time, its tags TAG_CONCURRENCY at a time: at most that many requests in flight.
  await eachLimited(repositories, 1, async (repository) => {
    let tags: string[];
    try {
      tags = await tagsOf(http, repository);
    } catch (error) {
      progress.error(`${registry.hostname}/${repository}: ${messageOf(error)}`);
      return;
    }
    progress.addTotal(tags.length);
    await eachLimited(tags, TAG_CONCURRENCY, async (tag) => {
      const reference = `${registry.hostname}/${repository}:${tag}`;
      try {
        const images = await scanTag(http, repository, tag);
        const kept = images.filter((image) => isKernelImage(image.labels));
        for (const image of kept) found({ ...image, name: reference });
        const architectures = kept.map((image) => image.architecture).join(', ');
        await progress.advance(
          1,
          kept.length
            ? `Updated ${reference} (${architectures})`
            : `Skipped ${reference} (no supported ${KERNELSPEC} label)`,
        );
      } catch (error) {
        progress.error(`${reference}: ${messageOf(error)}`);
        await progress.advance(1, `Failed ${reference}`);
      }
    });
  });
}

async function catalog(http: RegistryHttp): Promise<string[]> {
  const repositories: string[] = [];
  let path: string | null = 'v2/_catalog?n=100';
  while (path) {
    const answer = await http.get(path, 'registry:catalog:*');
    if (answer.status !== 200)
      throw new Error(`the catalog (${path}) answered status ${answer.status}${detail(answer.body)}`);
    repositories.push(
      ...((JSON.parse(answer.body.toString('utf8')) as { repositories?: string[] }).repositories ?? []),
    );
    path = nextLink(answer.headers.link);
  }
  return repositories;
}

async function tagsOf(http: RegistryHttp, repository: string): Promise<string[]> {
  const tags: string[] = [];
  let path: string | null = `v2/${repository}/tags/list?n=100`;
  while (path) {
    const answer = await http.get(path, `repository:${repository}:pull`);
    if (answer.status === 404) return tags; // a repository without tags
    if (answer.status !== 200)
      throw new Error(`tags/list answered status ${answer.status}${detail(answer.body)}`);
    tags.push(...((JSON.parse(answer.body.toString('utf8')) as { tags?: string[] | null }).tags ?? []));
    path = nextLink(answer.headers.link);
  }
  return tags;
}

/** One tag's images: one per architecture. */
async function scanTag(http: RegistryHttp, repository: string, tag: string): Promise<ImageRecord[]> {
  const scope = `repository:${repository}:pull`;
  const manifest = await fetchJson<Manifest>(
    http,
    `v2/${repository}/manifests/${tag}`,
    scope,
    MANIFEST_TYPES,
  );
  if (manifest.manifests) {
    const images: ImageRecord[] = [];
    for (const entry of manifest.manifests) {
      const platform = entry.platform;
      if (
        platform &&
        (platform.os !== 'linux' || !platform.architecture || platform.architecture === 'unknown')
      )
        continue;
      const child = await fetchJson<Manifest>(
        http,
        `v2/${repository}/manifests/${entry.digest}`,
        scope,
        MANIFEST_TYPES,
      );
      const image = await imageOf(http, repository, child, scope);
      // The index's platform is what a pull on that architecture selects.
      images.push(
        platform?.architecture
          ? { ...image, architecture: backendArchitecture(platform.architecture) }
          : image,
      );
    }
    return images;
  }
  return [await imageOf(http, repository, manifest, scope)];
}

async function imageOf(
  http: RegistryHttp,
  repository: string,
  manifest: Manifest,
  scope: string,
): Promise<ImageRecord> {
  if (!manifest.config?.digest) throw new Error('the manifest has no config (a schema 1 manifest?)');
  const config = await fetchJson<ImageConfig>(
    http,
    `v2/${repository}/blobs/${manifest.config.digest}`,
    scope,
  );
  const labels = config.config?.Labels ?? config.container_config?.Labels ?? {};
  return {
    name: '',
    architecture: backendArchitecture(config.architecture),
    labels: { ...labels },
    minSlots: {},
    digest: manifest.config.digest,
    sizeBytes:
      (manifest.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0) +
      (manifest.config.size ?? 0),
  };
}

async function fetchJson<T>(http: RegistryHttp, path: string, scope: string, accept?: string): Promise<T> {
  const answer = await http.get(path, scope, accept);
  if (answer.status !== 200)
    throw new Error(`${path.split('?')[0]} answered status ${answer.status}${detail(answer.body)}`);
  try {
    return JSON.parse(answer.body.toString('utf8')) as T;
  } catch {
    throw new Error(`${path}: the answer is not JSON`);
  }
}

function detail(body: Buffer): string {
  const text = body.toString('utf8').trim().slice(0, 200);
  return text ? `: ${text}` : '';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `local` scanner: the manager host's Docker engine (DOCKER_HOST or /var/run/docker.sock), its
 * images labelled `ai.backend.kernelspec`, one per repo:tag, named as the engine names them.
 */
export async function scanLocalDocker(
  registry: RegistryConfig,
  progress: TaskProgress,
  found: Found,
  given?: Dockerode,
): Promise<void> {
  // Loaded on the first scan of the local engine: dockerode costs about 0.2 s at start-up.
  const docker = given ?? new (await import('dockerode')).default();
  const summaries = await docker.listImages({ filters: { label: [KERNELSPEC] } });
  const tagged = summaries.flatMap((summary) =>
    (summary.RepoTags ?? []).filter((tag) => !tag.includes('<none>')).map((tag) => ({ summary, tag })),
  );
  progress.addTotal(tagged.length);
  await eachLimited(tagged, TAG_CONCURRENCY, async ({ summary, tag }) => {
    try {
      const inspected = await docker.getImage(summary.Id).inspect();
      const labels = { ...(inspected.Config?.Labels ?? summary.Labels ?? {}) };
      if (!isKernelImage(labels)) {
        await progress.advance(1, `Skipped ${tag} (no supported ${KERNELSPEC} label)`);
        return;
      }
      found({
        name: tag,
        architecture: backendArchitecture(inspected.Architecture),
        labels,
        minSlots: {},
        digest: inspected.Id,
        sizeBytes: inspected.Size,
      });
      await progress.advance(
        1,
        `Updated ${tag} (${backendArchitecture(inspected.Architecture)}) from ${registry.hostname}`,
      );
    } catch (error) {
      progress.error(`${tag}: ${messageOf(error)}`);
      await progress.advance(1, `Failed ${tag}`);
    }
  });
}
