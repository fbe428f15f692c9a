import { defineErrorCodes, TesseraError } from '@tessera/core';

/**
 * The codes only the vfolder feature raises, with Backend.AI's status and problem type. A folder
 * the caller may not see, or may not act on with its grant, is the core's `object-not-found`
 * (upstream's VFolderNotFound, 404): a refusal never tells a stranger the folder exists.
 */
export const VfolderErrorCodes = defineErrorCodes('@tessera/manager-vfolders', {
  'vfolder-already-exists': { status: 400, problem: 'vfolder-already-exists' },
  'vfolder-creation-failed': { status: 400, problem: 'vfolder-creation-failed' },
  'vfolder-operation-failed': { status: 400, problem: 'vfolder-operation-failed' },
  /** The folder's status does not allow the operation (cloning, in the trash, ...). */
  'vfolder-filter-status-failed': { status: 400, problem: 'vfolder-filter-status-failed' },
  /** The resource policy's `max_vfolder_count` is reached (api-spec §3.7: 406). */
  'vfolder-count-exceeded': { status: 406, problem: 'quota-exceeded' },
  /** The source of a clone is not cloneable (api-spec §3.10: 403). */
  'vfolder-not-cloneable': { status: 403, problem: 'forbidden' },
  /** What the storage proxy refused, relayed with its status. */
  'storage-bad-request': { status: 400, problem: 'vfolder-operation-failed' },
  'storage-not-found': { status: 404, problem: 'object-not-found' },
  'storage-conflict': { status: 409, problem: 'vfolder-operation-failed' },
  'storage-quota-exceeded': { status: 413, problem: 'quota-exceeded' },
  /** No proxy serves the host, or the proxy did not answer. */
  'storage-unavailable': { status: 503, problem: 'storage-proxy-unavailable' },
});

/** Every error the vfolder feature raises towards API clients, built in one place. */
export const VfolderErrors = {
  /** Upstream's VFolderNotFound: missing, or not reachable with the caller's grant. */
  notFound(nameOrId: string): TesseraError {
    return new TesseraError(
      'object-not-found',
      `No virtual folder "${nameOrId}" you may use this way (it is missing or your permission does not allow it)`,
      { vfolder: nameOrId },
    );
  },
  invitationNotFound(id: string): TesseraError {
    return new TesseraError('object-not-found', `No pending vfolder invitation "${id}" for you`, {
      invitation: id,
    });
  },
  userNotFound(who: string): TesseraError {
    return new TesseraError('object-not-found', `No user "${who}"`, { user: who });
  },
  alreadyExists(name: string): TesseraError {
    return VfolderErrorCodes.error(
      'vfolder-already-exists',
      `A virtual folder named "${name}" already exists for this owner`,
      { name },
    );
  },
  countExceeded(limit: number): TesseraError {
    return VfolderErrorCodes.error(
      'vfolder-count-exceeded',
      `You cannot create more vfolders: the resource policy allows ${limit}`,
      { max_vfolder_count: limit },
    );
  },
  badStatus(name: string, status: string, allowed: readonly string[]): TesseraError {
    return VfolderErrorCodes.error(
      'vfolder-filter-status-failed',
      `Virtual folder "${name}" is ${status}; this needs it ${allowed.join(' or ')}`,
      { name, status, allowed },
    );
  },
  notCloneable(name: string): TesseraError {
    return VfolderErrorCodes.error(
      'vfolder-not-cloneable',
      `The source vfolder "${name}" is not permitted to be cloned`,
      { name },
    );
  },
  operationFailed(message: string, details: Record<string, unknown> = {}): TesseraError {
    return VfolderErrorCodes.error('vfolder-operation-failed', message, details);
  },
  storageUnavailable(host: string, reason: string): TesseraError {
    return VfolderErrorCodes.error(
      'storage-unavailable',
      `The storage proxy for host "${host}" is unavailable: ${reason}`,
      { host },
    );
  },
};
