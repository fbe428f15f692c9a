import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { BackendContext, LiveKernel } from './backend-context';
import { dockerMessage, ignoringGone } from './docker-errors';
import { CONTAINER_LABELS } from './labels';

/** The repository committed images are tagged in, before they are saved and removed. */
export const COMMIT_REPOSITORY = 'tessera-commit';

/** The tag of one commit: the time to the millisecond, in characters a Docker tag allows. */
export function commitTag(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Commits a kernel's container (Backend.AI's docker kernel commit): `docker commit` (the
 * container paused meanwhile, as the engine does by default) to `tessera-commit/<kernelId>:<time>`,
 * then `docker save` of that image streamed through gzip into `destination`. The archive is
 * written as `.<name>.partial` beside it and renamed once complete, so a file under the real name
 * is always whole; a failed save leaves no partial file. The image is removed either way (the
 * archive is what the user keeps), and only it: the kernel's own image is untouched.
 */
export async function commitKernelContainer(
  context: BackendContext,
  live: LiveKernel,
  destination: string,
  now: Date = new Date(),
): Promise<void> {
  const log = context.log.child({ kernelId: live.kernelId, sessionId: live.sessionId });
  const repo = `${COMMIT_REPOSITORY}/${live.kernelId}`;
  const tag = commitTag(now);
  const reference = `${repo}:${tag}`;
  const partial = join(dirname(destination), `.${basename(destination)}.partial`);
  const committed = (await live.container.commit({
    repo,
    tag,
    comment: `Tessera commit of kernel ${live.kernelId}`,
  })) as { Id?: string };
  log.info('kernel container committed', { image: reference, imageId: committed.Id });
  try {
    const archive = await context.docker.getImage(reference).get();
    await pipeline(archive, createGzip(), createWriteStream(partial, { mode: 0o644 }));
    await rename(partial, destination);
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  } finally {
    try {
      await ignoringGone(() => context.docker.getImage(reference).remove({ noprune: false }));
    } catch (error) {
      log.warn('the committed image could not be removed', { image: reference, error: dockerMessage(error) });
    }
  }
}

/**
 * Removes the images commits of this scope left when the agent died between `docker commit` and
 * the image's removal (`tessera-commit/<kernel>:<time>`, carrying the container's
 * `tessera.scope` label). Called when the backend starts, before any commit of this process can
 * run; other scopes' images (another agent on the same engine) are left alone.
 */
export async function removeLeftoverCommitImages(context: BackendContext): Promise<string[]> {
  const images = await context.docker.listImages({
    filters: { label: [`${CONTAINER_LABELS.scope}=${context.settings.scope}`] },
  });
  const removed: string[] = [];
  for (const image of images) {
    for (const reference of image.RepoTags ?? []) {
      if (!reference.startsWith(`${COMMIT_REPOSITORY}/`)) continue;
      await ignoringGone(() => context.docker.getImage(reference).remove({ noprune: false }));
      removed.push(reference);
    }
  }
  if (removed.length > 0) context.log.info('commit images of an earlier agent process removed', { removed });
  return removed;
}
