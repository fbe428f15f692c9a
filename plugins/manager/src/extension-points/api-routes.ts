// Routes behind `kit.authenticated` read `ctx.request.body`: @koa/bodyparser's typing of it travels with the kit.
/// <reference types="@koa/bodyparser" preserve="true" />
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { createExtensionPoint, type KeypairRecord } from '@tessera/core';
import type { AccessPolicy } from '../access/access-policy';
import type { ApiState } from '../api/api-state';

/** What the manager hands every route contribution when it builds the REST API. */
export interface ApiRouteKit {
  /**
   * Signature authentication (the caller's keypair lands on `ctx.state.keypair`), then the JSON
   * body parser: `router.use(...kit.authenticated)` before routes that need a signed caller.
   */
  readonly authenticated: ReadonlyArray<Middleware<ApiState>>;
  /** The API's clock. */
  now(): Date;
  /** Whether the caller may see agent ids: superadmins only while `api.hideAgents` is on (Backend.AI's hide-agents). */
  seesAgents(caller: KeypairRecord): boolean;
  /** The manager's permission table: `access.authorize(caller, action, target)` before a route acts. */
  readonly access: AccessPolicy;
}

/**
 * `manager/api-routes`: REST routes of a feature plugin. The manager calls `routes` once, when it
 * starts (every contributor has initialised and started by then), in contribution order, and mounts
 * the routers after its own layers (the `Server` header, problem+json mapping, the `/v<major>`
 * prefix) and before its root routes and the 404. Errors a route throws are answered by the
 * manager's one problem+json mapping: throw `TesseraError`s (the manager's `ManagerErrors` for
 * malformed requests, the plugin's own error table for its domain).
 */
export interface ApiRouteContribution {
  routes(kit: ApiRouteKit): Router<ApiState>;
}

export const ApiRoutes = createExtensionPoint<ApiRouteContribution>('manager/api-routes');
