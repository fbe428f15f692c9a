import type { ContractToken } from '../contracts/token';

const OPTIONAL = Symbol.for('tessera.optional-dependency');

/** A dependency the plugin uses when some plugin provides it, and does without otherwise. */
export interface OptionalDependency<T> {
  readonly [OPTIONAL]: true;
  readonly token: ContractToken<T>;
}

/** Marks a token in a plugin's `deps` as optional: `{ store: optional(ConfigStore) }`. */
export function optional<T>(token: ContractToken<T>): OptionalDependency<T> {
  return Object.freeze({ [OPTIONAL]: true as const, token });
}

export function isOptionalDependency(value: unknown): value is OptionalDependency<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OPTIONAL] === true;
}

/**
 * What a plugin needs, as an object of tokens: `{ db: Database, store: optional(ConfigStore) }`.
 * The keys are the plugin's own names; the tokens' service ids must equal the package.json's
 * `tessera.requires` (plain tokens) and `tessera.optional` (wrapped in `optional`), and the kernel
 * refuses to load a plugin whose two lists differ.
 */
export type DependencySpec = Record<string, ContractToken<unknown> | OptionalDependency<unknown>>;

/** The resolved form of a spec, typed: required tokens give their service, optional ones `| undefined`. */
export type ResolvedDependencies<Spec extends DependencySpec> = {
  readonly [K in keyof Spec]: Spec[K] extends OptionalDependency<infer T>
    ? T | undefined
    : Spec[K] extends ContractToken<infer T>
      ? T
      : never;
};

/** The service ids a spec names, split the way package.json lists them. */
export function dependencyIds(spec: DependencySpec | undefined): { requires: string[]; optional: string[] } {
  const requires: string[] = [];
  const optionalIds: string[] = [];
  for (const value of Object.values(spec ?? {})) {
    if (isOptionalDependency(value)) optionalIds.push(value.token);
    else requires.push(value);
  }
  return { requires: [...new Set(requires)].sort(), optional: [...new Set(optionalIds)].sort() };
}
