import type { Context } from 'koa';
import type { KeypairRecord } from '@tessera/core';
import type { ApiState } from '@tessera/manager';
import { ResourceErrors } from '../resource-errors';

/** The signed caller of a route behind `kit.authenticated`. */
export function callerOf(ctx: Context & { state: ApiState }): KeypairRecord {
  const caller = ctx.state.keypair;
  if (!caller) throw new Error('a resource route ran without the authentication middleware');
  return caller;
}

/** The caller, who must be a superadmin (upstream's `superadmin_required`): otherwise 403 naming `what`. */
export function superadminOf(ctx: Context & { state: ApiState }, what: string): KeypairRecord {
  const caller = callerOf(ctx);
  if (caller.userRole !== 'superadmin') throw ResourceErrors.superadminOnly(what);
  return caller;
}
