import { randomUUID } from 'node:crypto';
import { runCommand } from './run-command';

/**
 * Images in the halfstack's registry (127.0.0.1:8130, Debian's docker-registry): labelled copies of
 * the busybox image `scripts/images build` makes, pushed under a project of each test's own.
 */

/** The small image every registry test starts from (scripts/images builds it). */
export const BASE_IMAGE = 'tessera/busybox:latest';

/** A project (repository namespace) of its own, so that runs sharing the halfstack registry do not meet. */
export function uniqueProject(): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

async function docker(...args: string[]): Promise<string> {
  return (await runCommand('docker', args, { timeoutMs: 120_000 })).stdout.trim();
}

/** Tags BASE_IMAGE as `reference` with these labels added (`docker commit --change LABEL`). */
export async function labelledImage(reference: string, labels: Record<string, string>): Promise<void> {
  const container = await docker('create', BASE_IMAGE);
  try {
    const changes = Object.entries(labels).flatMap(([key, value]) => [
      '--change',
      `LABEL ${key}=${JSON.stringify(value)}`,
    ]);
    await docker('commit', ...changes, container, reference);
  } finally {
    await docker('rm', container);
  }
}

/** Builds and pushes `reference` (host/project/name:tag); the local tag is removed again. */
export async function pushImage(reference: string, labels: Record<string, string>): Promise<void> {
  await labelledImage(reference, labels);
  try {
    await docker('push', '--quiet', reference);
  } finally {
    await docker('image', 'rm', reference);
  }
}

/**
 * Pushes a manifest list `reference` of two images, announced as amd64 and arm64 (the arm64 entry
 * is the same busybox annotated: the scan reads the architecture from the list).
 */
export async function pushManifestList(reference: string, labels: Record<string, string>): Promise<void> {
  const amd = `${reference}-amd64`;
  const arm = `${reference}-arm64`;
  await pushImage(amd, labels);
  await pushImage(arm, { ...labels, 'tessera.test.variant': 'arm64' });
  await docker('manifest', 'create', '--insecure', reference, amd, arm);
  await docker('manifest', 'annotate', '--arch', 'arm64', reference, arm);
  await docker('manifest', 'push', '--purge', '--insecure', reference);
}

/** Deletes a blob from the registry (its storage allows deletes): manifests that use it break. */
export async function deleteBlob(registryUrl: string, repository: string, digest: string): Promise<void> {
  const response = await fetch(new URL(`/v2/${repository}/blobs/${digest}`, registryUrl), {
    method: 'DELETE',
  });
  if (response.status !== 202) throw new Error(`DELETE blob ${digest} answered ${response.status}`);
}

/** The config digest of a pushed tag's manifest. */
export async function configDigest(registryUrl: string, repository: string, tag: string): Promise<string> {
  const response = await fetch(new URL(`/v2/${repository}/manifests/${tag}`, registryUrl), {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  const manifest = (await response.json()) as { config: { digest: string } };
  return manifest.config.digest;
}

/** Removes local images, ignoring those already gone. */
export async function removeLocalImages(...references: string[]): Promise<void> {
  for (const reference of references)
    await docker('image', 'rm', '--force', reference).catch(() => undefined);
}
