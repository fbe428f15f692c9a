import { isPrivateSession } from '../owner-usage';
import type { Predicate } from './predicate';

/**
 * The keypair may not hold more sessions at once than its policy's `max_concurrent_sessions`
 * (private sftp sessions: `max_concurrent_sftp_sessions`); 0 is unlimited. Sessions placed
 * earlier in the same pass count.
 */
export const concurrency: Predicate = {
  name: 'concurrency',
  forPrivateSessions: true,
  check(session, { usage, limits }) {
    const policy = limits.keypairs[session.accessKey];
    if (!policy) return null;
    const sftp = isPrivateSession(session);
    const limit = sftp ? policy.maxConcurrentSftpSessions : policy.maxConcurrentSessions;
    if (limit <= 0) return null;
    if (usage.concurrentOf(session.accessKey, sftp) + 1 <= limit) return null;
    return sftp
      ? `You cannot run more than ${limit} concurrent SFTP sessions`
      : `You cannot run more than ${limit} concurrent sessions`;
  },
};
