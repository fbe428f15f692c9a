import type { ImageRecord } from '@tessera/core';

/**
 * Finds the image a request names, never guessing between several:
 * 1. the exact canonical name, then an alias (`alias_image`);
 * 2. the name without its registry (`python:3.12` for `cr.backend.ai/stable/python:3.12`);
 * 3. a bare repository name (`python`, as legacy clients send in `lang`): its `latest` tag when there
 *    is one (Docker's meaning of a name without a tag), else the repository's only image;
 * 4. a version prefix (`python:3` for `python:3.11-debian12`): the one image of that repository
 *    whose tag continues the requested one with `.` or `-`.
 */
export function resolveImage<T extends Pick<ImageRecord, 'name' | 'aliases'>>(
  requested: string,
  images: readonly T[],
): T | null {
  const exact = images.find((image) => image.name === requested);
  if (exact) return exact;
  const aliased = images.find((image) => image.aliases?.includes(requested));
  if (aliased) return aliased;
  const bare = !/[:@]/.test(withoutRegistry(requested));
  const rules: Array<(name: string) => boolean> = [
    (name) => withoutRegistry(name) === requested,
    ...(bare
      ? [
          (name: string) => withoutRegistry(name) === `${requested}:latest`,
          (name: string) => repository(name) === requested,
        ]
      : [(name: string) => continuesVersion(withoutRegistry(name), requested)]),
  ];
  for (const rule of rules) {
    const matches = images.filter((image) => rule(image.name));
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

/** `python:3.11-debian12` continues `python:3` (and `python:3.11`), not `python:31`. */
function continuesVersion(nameAndTag: string, requested: string): boolean {
  if (!nameAndTag.startsWith(requested)) return false;
  const next = nameAndTag[requested.length];
  return next === '.' || next === '-';
}
