import { inject, injectable } from 'tsyringe';
import { AgentRpcDirectory, Logger, TesseraError, type SessionRecord } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';
import { commitFilename } from './commit-filename';
import { SessionErrors } from './session-errors';
import { mainKernel } from './session-lookup';

/** What `POST /session/:id/commit` answers (201): where the agent writes the archive. */
export interface CommitStartedView {
  /** The committed (main) kernel's id. */
  kernel: string;
  /** The archive relative to the agent's commit directory: `<owner e-mail>/<file name>`. */
  path: string;
  /** The same file as an absolute path on the agent's host. */
  location: string;
  /** The agent that writes it. */
  agent: string | null;
}

/**
 * `GET /session/:id/commit`: `ongoing` while the main kernel is being committed, `ready` when it
 * is not (upstream's CommitStatus), and `''` when the session is not RUNNING.
 */
export interface CommitStatusView {
  status: 'ongoing' | 'ready' | '';
  kernel: string | null;
}

/**
 * Commits a running session's main kernel to an image archive on its agent (Backend.AI's
 * commit_session and get_commit_status): the agent writes it under its commit directory as
 * `<owner e-mail>/<time>_<session>_<image>.tar.gz` in the background; the commit status tells
 * when it is done. Only a RUNNING session can be committed (400 naming its status otherwise); a
 * second commit while one runs is refused by the agent (409), as is a backend that cannot commit
 * (400).
 */
@injectable()
export class SessionCommitter {
  constructor(
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async commit(
    session: SessionRecord,
    ownerEmail: string,
    now: Date = new Date(),
  ): Promise<CommitStartedView> {
    const kernel = mainKernel(session);
    if (session.status !== 'RUNNING' || !kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
      throw ManagerErrors.invalidParams(
        `Unable to commit session "${session.name}": it is ${session.status}, and only a RUNNING session can be committed`,
        { session: session.name, status: session.status },
      );
    const filename = commitFilename(now, session.name, kernel.image || session.image);
    try {
      const started = await this.agents
        .connect(kernel.agentAddress)
        .commit(kernel.id, { email: ownerEmail, filename });
      this.log.info('session commit started', {
        sessionId: session.id,
        kernelId: kernel.id,
        agentId: kernel.agentId,
        location: started.location,
      });
      return { kernel: kernel.id, path: started.path, location: started.location, agent: kernel.agentId };
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, 'commit the kernel', error);
    }
  }

  async status(session: SessionRecord): Promise<CommitStatusView> {
    const kernel = mainKernel(session);
    if (session.status !== 'RUNNING' || !kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
      return { status: '', kernel: kernel?.id ?? null };
    try {
      const { status } = await this.agents.connect(kernel.agentAddress).getCommitStatus(kernel.id);
      return { status, kernel: kernel.id };
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, 'report the commit status', error);
    }
  }
}
