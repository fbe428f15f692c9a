/** The parts of an image reference (`cr.backend.ai/stable/python:3.11-ubuntu22.04`). */
export interface ImageReference {
  registry: string;
  repository: string;
  tag: string;
  digest: string | null;
}

/** Where `docker pull python` looks: bare names live on Docker Hub under `library/`. */
export const DEFAULT_REGISTRY = 'index.docker.io';

/** A first path component is a registry host when it has a dot or a port, or is `localhost`. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Splits a reference the way Docker does; a missing tag is `latest`. */
export function parseImageReference(reference: string): ImageReference {
  const [withTag, digest = null] = reference.split('@', 2) as [string, string?];
  const lastSlash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  const hasTag = colon > lastSlash;
  const path = hasTag ? withTag.slice(0, colon) : withTag;
  const tag = hasTag ? withTag.slice(colon + 1) : 'latest';
  const components = path.split('/');
  if (components.length > 1 && isRegistryHost(components[0]!)) {
    return { registry: components[0]!, repository: components.slice(1).join('/'), tag, digest };
  }
  const repository = components.length === 1 ? `library/${path}` : path;
  return { registry: DEFAULT_REGISTRY, repository, tag, digest };
}
