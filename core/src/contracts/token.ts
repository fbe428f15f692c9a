import type { InjectionToken } from 'tsyringe';

/**
 * A DI token for a contract. The string is the service id that plugin manifests name in
 * `provides` / `requires` (for example `"event-bus"`), so the kernel can wire plugins from
 * their package.json alone. The type parameter carries the interface at compile time.
 */
export type ContractToken<T> = InjectionToken<T> & string & { readonly __contract?: T };

export function contractToken<T>(serviceId: string): ContractToken<T> {
  return serviceId as ContractToken<T>;
}

/**
 * The contract families (kinds) the core itself defines, with the major version it speaks. A
 * plugin that owns an extension point can declare further kinds in its package.json
 * (`tessera.kinds`); see `core/src/kernel/kind-table.ts`.
 */
export const CONTRACT_VERSIONS: Readonly<Record<string, number>> = {
  scheduler: 1,
  'agent-selector': 1,
  accelerator: 1,
  'storage-backend': 2,
  'app-proxy-frontend': 1,
  'agent-backend': 2,
  database: 1,
  'config-store': 1,
  'event-bus': 1,
  lock: 1,
  hook: 1,
  'idle-checker': 1,
  monitor: 1,
  service: 1,
};

/** A kind name: one of the core's, or one a plugin declared. */
export type PluginKind = string;
export const PLUGIN_KINDS: readonly string[] = Object.keys(CONTRACT_VERSIONS);

/**
 * Core kinds with several implementations in one deployment. Their plugins are registered in a
 * named registry (a resource group picks its scheduler by name); the others have exactly one
 * active implementation, resolved through the kind's token.
 */
export const NAMED_KINDS: ReadonlySet<string> = new Set<string>([
  'scheduler',
  'agent-selector',
  'accelerator',
  'storage-backend',
  'app-proxy-frontend',
  'agent-backend',
  'hook',
  'idle-checker',
  'monitor',
]);
