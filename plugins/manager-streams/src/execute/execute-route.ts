import type { Database, Logger } from '@tessera/core';
import type { StreamRouteContribution } from '@tessera/manager';
import type { SessionExecutor } from '@tessera/manager-sessions';
import { streamSession } from '../stream-session';
import { executeStream, requireRunning } from './execute-stream';

export const EXECUTE_PATH = '/stream/session/:id/execute';

/**
 * `/stream/session/:id/execute`: refuses before the upgrade a session the caller may not use
 * (404/403) or that is not running (409), then serves the run (see executeStream).
 */
export function executeStreamRoute(deps: {
  db: Database;
  executor: SessionExecutor;
  log: Logger;
}): StreamRouteContribution {
  return {
    path: EXECUTE_PATH,
    async accept(request) {
      const session = await streamSession(
        deps.db,
        request.keypair,
        request.params['id']!,
        request.query.get('owner_access_key'),
        request.access,
      );
      requireRunning(session);
      deps.log.info('execute stream opened', {
        sessionId: session.id,
        accessKey: request.keypair.accessKey,
      });
      return executeStream(deps, session, request.signal);
    },
  };
}
