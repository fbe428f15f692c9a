/**
 * A typed handle on an extension point: a named place where one plugin (its owner) collects what
 * other plugins contribute (routes, GraphQL types, event listeners, RPC methods, ...). The owner
 * declares the id in its package.json (`tessera.extensionPoints`) and exports the handle from its
 * public entry; contributors declare the id in `tessera.contributes` and call
 * `ctx.contribute(handle, value)` while registering or initialising. The kernel initialises every
 * contributor before the owner, so when the owner reads `ctx.contributions(handle)` (from its
 * `init` on) the list is complete and fixed.
 */
export interface ExtensionPoint<T> {
  /** `<owner>/<name>`, for example `manager/api-routes`. */
  readonly id: string;
  /** Carries the contribution type at compile time only. */
  readonly __contribution?: T;
}

const EXTENSION_POINT_ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;

export function createExtensionPoint<T>(id: string): ExtensionPoint<T> {
  if (!EXTENSION_POINT_ID.test(id))
    throw new Error(`extension point id "${id}" must look like <owner>/<name> in kebab-case`);
  return Object.freeze({ id });
}

/** One contribution as its owner sees it: the value and the plugin that made it. */
export interface Contribution<T> {
  readonly pluginId: string;
  readonly value: T;
}

export const EXTENSION_POINT_PATTERN = EXTENSION_POINT_ID.source;
