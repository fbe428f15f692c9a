import type { Context } from 'koa';
import type { KeypairRecord } from '@tessera/core';
import { ManagerErrors, type ApiState } from '@tessera/manager';

/** The signed caller of a route behind `kit.authenticated`. */
export function callerOf(ctx: Context & { state: ApiState }): KeypairRecord {
  const caller = ctx.state.keypair;
  if (!caller) throw new Error('a vfolder route ran without the authentication middleware');
  return caller;
}

/** A string parameter under any of its names (upstream's AliasedKey), or undefined. */
export function stringParam(params: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string')
      throw ManagerErrors.invalidParams(`${name}: expected a string`, { field: name });
    return value;
  }
  return undefined;
}

export function requiredString(params: Record<string, unknown>, names: readonly string[]): string {
  const value = stringParam(params, names);
  if (value === undefined || value === '')
    throw ManagerErrors.invalidParams(`Missing parameter "${names[0]}"`, { field: names[0] });
  return value;
}

/** A boolean parameter: JSON booleans, or the query string's true/false/1/0/yes/no. */
export function boolParam(
  params: Record<string, unknown>,
  names: readonly string[],
  fallback: boolean,
): boolean {
  for (const name of names) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|1|yes|on)$/i.test(value)) return true;
    if (typeof value === 'string' && /^(false|0|no|off)$/i.test(value)) return false;
    throw ManagerErrors.invalidParams(`${name}: expected true or false`, { field: name });
  }
  return fallback;
}

/** A list of strings (a JSON array, or one string). */
export function stringListParam(
  params: Record<string, unknown>,
  names: readonly string[],
): string[] | undefined {
  for (const name of names) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((item) => typeof item === 'string'))
      throw ManagerErrors.invalidParams(`${name}: expected a list of strings`, { field: name });
    return list as string[];
  }
  return undefined;
}

/** A permission code (`ro`, `rw`, `wd`), or `fallback` when absent. */
export function permissionParam<F extends string | undefined>(
  params: Record<string, unknown>,
  names: readonly string[],
  fallback: F,
): 'ro' | 'rw' | 'wd' | F {
  const value = stringParam(params, names);
  if (value === undefined) return fallback;
  if (value !== 'ro' && value !== 'rw' && value !== 'wd')
    throw ManagerErrors.invalidParams(`${names[0]}: expected ro, rw or wd (got "${value}")`, {
      field: names[0],
    });
  return value;
}
