import type { KeypairRecord } from '@tessera/core';

/** What the auth middleware leaves on `ctx.state` for the routes behind it. */
export interface AuthenticatedState {
  keypair: KeypairRecord;
  /** The API version the client signed with. */
  apiVersion: string;
}

export type ApiState = Partial<AuthenticatedState>;
