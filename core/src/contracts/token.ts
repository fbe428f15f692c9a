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

/** The contract families (kinds) a plugin can implement, with the major version the core speaks. */
export const CONTRACT_VERSIONS = {
  scheduler: 1,
  'agent-selector': 1,
  accelerator: 1,
  'storage-backend': 1,
  'app-proxy-frontend': 1,
  'agent-backend': 1,
  database: 1,
  'config-store': 1,
  'event-bus': 1,
  lock: 1,
  hook: 1,
  'idle-checker': 1,
  monitor: 1,
  service: 1,
} as const;

export type PluginKind = keyof typeof CONTRACT_VERSIONS;
export const PLUGIN_KINDS = Object.keys(CONTRACT_VERSIONS) as PluginKind[];

/**
 * Kinds with several implementations in one deployment. Their plugins are registered in a
 * named registry (a resource group picks its scheduler by name); the others have exactly one
 * active implementation, resolved through the kind's token.
 */
export const NAMED_KINDS: ReadonlySet<PluginKind> = new Set<PluginKind>([
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
