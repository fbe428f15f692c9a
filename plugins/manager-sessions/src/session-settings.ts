import { contractToken } from '@tessera/core';

/** The sessions feature's config as its classes use it (registered in the plugin's container in `init`). */
export interface SessionSettings {
  /** The source of the events this manager publishes (`manager:<node id>`). */
  readonly source: string;
  /** Resource group of sessions that name none. */
  readonly defaultResourceGroup: string;
  /** How long POST /session waits for a session to settle when the request does not say. */
  readonly defaultStartTimeoutMs: number;
  /** How long DELETE /session/:id waits for the kernels to be reported terminated. */
  readonly terminateTimeoutMs: number;
}

export const SessionSettings = contractToken<SessionSettings>('manager-sessions.settings');
