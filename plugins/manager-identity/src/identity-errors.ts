import { defineErrorCodes, TesseraError } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** The codes only the identity feature raises. */
export const IdentityErrorCodes = defineErrorCodes('@tessera/manager-identity', {
  /** Upstream's PasswordExpired (401). */
  'password-expired': { status: 401, problem: 'password-expired' },
  /** Too many failed logins; Backend.AI has no lockout, so the generic 429 problem. */
  'login-locked': { status: 429, problem: 'too-many-requests' },
});

/** Every error of the identity feature towards API clients, worded in one place. */
export const IdentityErrors = {
  credentialMismatch(): TesseraError {
    return ManagerErrors.authFailed('User credential mismatch.');
  },
  needsVerification(): TesseraError {
    return ManagerErrors.authFailed('This account needs email verification.');
  },
  noKeypair(): TesseraError {
    return ManagerErrors.authFailed('No API keypairs found.');
  },
  oldPasswordMismatch(): TesseraError {
    return ManagerErrors.authFailed('Old password mismatch');
  },
  passwordExpired(expiredAt: Date): TesseraError {
    return IdentityErrorCodes.error(
      'password-expired',
      `Password has expired (on ${expiredAt.toISOString()}): change it with POST /auth/update-password-no-auth, then log in again`,
      { expired_at: expiredAt.toISOString() },
    );
  },
  loginLocked(retryAfterSeconds: number): TesseraError {
    return IdentityErrorCodes.error(
      'login-locked',
      `Too many failed logins: the account is locked; try again in ${retryAfterSeconds} seconds`,
      { retry_after: retryAfterSeconds },
    );
  },
  notAccountOwner(): TesseraError {
    return ManagerErrors.forbidden('Not the account owner');
  },
  invalidEmailOrPassword(): TesseraError {
    return new TesseraError('generic-bad-request', 'Invalid email and/or password');
  },
  newPasswordMismatch(): TesseraError {
    return ManagerErrors.invalidParams('new_password2 must equal new_password (new password mismatch)', {
      field: 'new_password2',
    });
  },
  samePassword(): TesseraError {
    return ManagerErrors.authFailed('Cannot update to the same password as an existing password.');
  },
  notProjectMember(): TesseraError {
    return new TesseraError(
      'object-not-found',
      'No such project or you are not the member of it (project (user group))',
      { object: 'project (user group)' },
    );
  },
};
