import type { NamedRegistry } from '@tessera/core';

/**
 * The implementation a resource group names, else the deployment's default for the kind, else
 * the only one registered. With none of those, the registry's own error names what is there.
 */
export function pickNamed<T>(registry: NamedRegistry<T>, name: string | undefined): T {
  if (name) return registry.require(name);
  if (registry.defaultName) return registry.require(registry.defaultName);
  const names = registry.names();
  if (names.length === 1) return registry.require(names[0]!);
  return registry.require();
}
