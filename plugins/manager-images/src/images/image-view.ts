import type { ImageDetails } from '@tessera/core';
import type { Image } from './image-types';

/** Whether the labels mark an operation image (`ai.backend.features` lists `operation`). */
export function isOperation(labels: Record<string, string>): boolean {
  return (labels['ai.backend.features'] ?? '').split(/[\s,]+/).includes('operation');
}

/**
 * The GraphQL shape of an image: resource limits per slot named by either bound (max
 * "Infinity" when there is none, min "0"), labels as key/value pairs.
 */
export function imageView(image: ImageDetails): Image {
  const slots = [...new Set([...Object.keys(image.minSlots), ...Object.keys(image.maxSlots)])].sort();
  return {
    id: image.id,
    name: image.name,
    humanized_name: image.name,
    tag: image.tag,
    registry: image.registry,
    architecture: image.architecture,
    is_local: image.digest === null,
    digest: image.digest,
    labels: Object.entries(image.labels).map(([key, value]) => ({ key, value })),
    aliases: [...image.aliases],
    size_bytes: image.sizeBytes,
    resource_limits: slots.map((key) => ({
      key,
      min: image.minSlots[key] ?? '0',
      max: image.maxSlots[key] ?? 'Infinity',
    })),
    supported_accelerators: [...image.accelerators],
    installed: image.installedAgents.length > 0,
    installed_agents: [...image.installedAgents],
    hash: image.digest,
  };
}
