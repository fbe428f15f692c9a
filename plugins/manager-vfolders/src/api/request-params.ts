import type { Context } from 'koa';
import type { KeypairRecord } from '@tessera/core';
import { ManagerErrors, type ApiState } from '@tessera/manager';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The parameters of a request as upstream's `check_api_params` reads them: the JSON body when
 * there is one (the official clients send GET and DELETE requests of the folder API with JSON
 * bodies, which the manager's body parser leaves alone), otherwise the query string.
 */
export async function requestParams(ctx: Context): Promise<Record<string, unknown>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (isObject(parsed) && Object.keys(parsed).length > 0) return parsed;
  if (ctx.method === 'GET' || ctx.method === 'DELETE' || ctx.method === 'HEAD') {
    const body = await readUnparsedBody(ctx);
    if (body !== undefined) return { ...ctx.query, ...body };
  }
  return { ...ctx.query };
}

/** The signed caller of a route behind `kit.authenticated`. */
export function callerOf(ctx: Context & { state: ApiState }): KeypairRecord {
  const caller = ctx.state.keypair;
  if (!caller) throw new Error('a vfolder route ran without the authentication middleware');
  return caller;
}

async function readUnparsedBody(ctx: Context): Promise<Record<string, unknown> | undefined> {
  const length = Number(ctx.get('content-length') || 0);
  if (!length && !ctx.get('transfer-encoding')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw ManagerErrors.invalidParams(`The request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf-8').trim();
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw ManagerErrors.malformedBody((error as Error).message);
  }
  if (!isObject(value)) throw ManagerErrors.invalidParams('The request body must be a JSON object');
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
