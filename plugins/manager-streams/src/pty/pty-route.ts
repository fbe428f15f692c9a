import {
  AgentRpcDirectory,
  TesseraError,
  type Database,
  type KernelTerminal,
  type Logger,
  type TerminalSize,
} from '@tessera/core';
import type { StreamRouteContribution } from '@tessera/manager';
import { mainKernel, SessionErrors } from '@tessera/manager-sessions';
import { requireRunning } from '../execute/execute-stream';
import { streamSession } from '../stream-session';
import { ptyStream } from './pty-stream';

export const PTY_PATH = '/stream/session/:id/pty';

/** The size a terminal opens with, until the client's first `resize` (Backend.AI's clients send one). */
export const INITIAL_TERMINAL_SIZE: TerminalSize = { rows: 24, cols: 80 };

/** How long an opened terminal waits for its socket before it is closed (the upgrade failed). */
const UNCLAIMED_TERMINAL_MS = 10_000;

/** Opens a terminal on the session's main kernel through its agent's RPC. */
export type TerminalOpener = (size: TerminalSize) => Promise<KernelTerminal>;

/**
 * `/stream/session/:id/pty`: a shell on a pty in the session's main kernel. The session is checked
 * (404/403, 409 when not running) and the terminal opened before the upgrade, so an agent that
 * cannot open one (`not-supported` on the process backend) is a problem+json answer, not a socket
 * that closes at once. `app` (upstream's service name) is accepted and not used, as upstream does.
 */
export function ptyStreamRoute(deps: {
  db: Database;
  agents: AgentRpcDirectory;
  log: Logger;
}): StreamRouteContribution {
  return {
    path: PTY_PATH,
    async accept(request) {
      const session = await streamSession(
        deps.db,
        request.keypair,
        request.params['id']!,
        request.query.get('owner_access_key'),
        request.access,
      );
      requireRunning(session);
      const kernel = mainKernel(session);
      if (!kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
        throw SessionErrors.kernelNotRunning(session.name, session.status);
      const address = kernel.agentAddress;
      const open: TerminalOpener = async (size) => {
        try {
          return await deps.agents.connect(address).openTerminal(kernel.id, size);
        } catch (error) {
          if (error instanceof TesseraError) throw error;
          throw SessionErrors.agentError(kernel.agentId, 'open a terminal', error);
        }
      };
      const first = await open(INITIAL_TERMINAL_SIZE);
      let claimed = false;
      const unclaimed = setTimeout(() => {
        if (!claimed) void first.close().catch(() => undefined);
      }, UNCLAIMED_TERMINAL_MS);
      unclaimed.unref();
      deps.log.info('terminal stream opened', {
        sessionId: session.id,
        kernelId: kernel.id,
        accessKey: request.keypair.accessKey,
      });
      const serve = ptyStream({ log: deps.log, sessionId: session.id, open }, first, request.signal);
      return async (socket) => {
        claimed = true;
        clearTimeout(unclaimed);
        await serve(socket);
      };
    },
  };
}
