import type { ImageRecord } from '@tessera/core';

/**
 * Finds the image a request names: the exact canonical name first, then, when exactly one image
 * matches, the name without its registry (`python:3.12`) or the bare repository name
 * (`python`, as legacy clients send in `lang`).
 */
export function resolveImage<T extends Pick<ImageRecord, 'name'>>(
  requested: string,
  images: readonly T[],
): T | null {
  const exact = images.find((image) => image.name === requested);
  if (exact) return exact;
  for (const key of [withoutRegistry, repository]) {
    const matches = images.filter((image) => key(image.name) === requested);
    if (matches.length > 0 && new Set(matches.map((m) => m.name)).size === 1) return matches[0]!;
  }
  return null;
}

/** Whether a request naming `requested` means the image `name` (a session's image, on reuse). */
export function imageMatches(requested: string, name: string): boolean {
  return resolveImage(requested, [{ name }]) !== null;
}

function withoutRegistry(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function repository(name: string): string {
  return withoutRegistry(name).split(/[:@]/)[0]!;
}
