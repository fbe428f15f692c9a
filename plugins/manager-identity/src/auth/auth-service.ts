import { inject, injectable } from 'tsyringe';
import { Database, type KeypairDetail, type KeypairRecord, type UserCredentials } from '@tessera/core';
import { normalizeUuid } from '@tessera/manager';
import { IdentityErrors } from '../identity-errors';
import { IdentitySettings } from '../identity-settings';
import { LoginGuard } from '../login-guard';
import { Passwords } from '../passwords';

/** What POST /auth/authorize answers in `data` (upstream's field names). */
export interface AuthorizedKeypair {
  access_key: string;
  secret_key: string;
  role: string;
  status: string;
}

/** What GET /auth/role answers. */
export interface RoleAnswer {
  global_role: 'superadmin' | 'user';
  domain_role: 'admin' | 'user';
  group_role: 'user' | null;
}

/**
 * The /auth routes' work (upstream's api/auth.py): password login with lockout and expiry,
 * signout, password changes and the caller's roles. Permission checks stay with the routes.
 */
@injectable()
export class AuthService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(IdentitySettings) private readonly settings: IdentitySettings,
    @inject(Passwords) private readonly passwords: Passwords,
    @inject(LoginGuard) private readonly guard: LoginGuard,
  ) {}

  /**
   * The user's keypair for a domain, e-mail and password: the active keypair, an admin one first
   * (as upstream orders them). Refused: a locked account (`login-locked`), a wrong domain, e-mail
   * or password (`auth-failed`, counted towards the lock), an unverified, inactive or deleted
   * user, an expired password (`password-expired`), a user without an active keypair.
   */
  async authorize(domain: string, email: string, password: string, now: Date): Promise<AuthorizedKeypair> {
    const user = await this.checkCredential(domain, email, password, now);
    if (user.status === 'before-verification') throw IdentityErrors.needsVerification();
    if (user.status !== 'active') throw IdentityErrors.credentialMismatch();
    this.checkPasswordAge(user, now);
    const keypair = await this.loginKeypair(user.email);
    if (!keypair) throw IdentityErrors.noKeypair();
    return {
      access_key: keypair.accessKey,
      secret_key: keypair.secretKey,
      role: user.role,
      status: user.status,
    };
  }

  /** Upstream's signout: the caller's own account, with its password, becomes inactive with every keypair. */
  async signout(caller: KeypairRecord, email: string, password: string): Promise<void> {
    if (email !== caller.userEmail) throw IdentityErrors.notAccountOwner();
    const user = await this.db.identity.users.credentials(email);
    if (
      !user ||
      user.domainName !== caller.domainName ||
      !(await this.passwords.matches(password, user.passwordHash))
    )
      throw IdentityErrors.invalidEmailOrPassword();
    await this.db.identity.users.closeAccount(email, 'inactive');
  }

  /** The caller's password: the old one must match and the two new ones agree. */
  async updatePassword(
    caller: KeypairRecord,
    oldPassword: string,
    newPassword: string,
    newPassword2: string,
  ): Promise<void> {
    const user = await this.db.identity.users.credentials(caller.userEmail);
    if (!user || !(await this.passwords.matches(oldPassword, user.passwordHash)))
      throw IdentityErrors.oldPasswordMismatch();
    if (newPassword !== newPassword2) throw IdentityErrors.newPasswordMismatch();
    await this.db.identity.users.modify(user.email, {
      passwordHash: await this.passwords.hash(newPassword),
      needPasswordChange: false,
    });
  }

  /**
   * A password change without a keypair (upstream's update-password-no-auth, for an expired
   * password): the current credentials, then a different new password. Answers when it changed.
   */
  async updatePasswordNoAuth(
    domain: string,
    email: string,
    current: string,
    next: string,
    now: Date,
  ): Promise<Date> {
    const user = await this.checkCredential(domain, email, current, now);
    if (user.status !== 'active') throw IdentityErrors.credentialMismatch();
    if (await this.passwords.matches(next, user.passwordHash)) throw IdentityErrors.samePassword();
    const changed = await this.db.identity.users.modify(user.email, {
      passwordHash: await this.passwords.hash(next),
      needPasswordChange: false,
    });
    return changed.passwordChangedAt ?? now;
  }

  /** The caller's roles; with `group`, the caller must belong to that project. */
  async role(caller: KeypairRecord, group: string | undefined): Promise<RoleAnswer> {
    let groupRole: 'user' | null = null;
    if (group !== undefined) {
      const id = normalizeUuid(group);
      if (id === null || !(await this.db.identity.projects.isMember(caller.userId, id)))
        throw IdentityErrors.notProjectMember();
      groupRole = 'user';
    }
    return {
      global_role: caller.userRole === 'superadmin' ? 'superadmin' : 'user',
      // Upstream reads the keypair's admin flag here, not the user's role.
      domain_role: caller.isAdmin ? 'admin' : 'user',
      group_role: groupRole,
    };
  }

  /** The user behind a domain, e-mail and password, through the lockout; any mismatch is one failure. */
  private async checkCredential(
    domain: string,
    email: string,
    password: string,
    now: Date,
  ): Promise<UserCredentials> {
    const account = `${domain}\n${email.toLowerCase()}`;
    const locked = this.guard.lockedFor(account, now.getTime());
    if (locked > 0) throw IdentityErrors.loginLocked(locked);
    const user = await this.db.identity.users.credentials(email);
    const known = user !== null && user.domainName === domain;
    const matches = await this.passwords.matches(password, known ? user.passwordHash : null);
    if (!known || !matches) {
      if (this.guard.failed(account, now.getTime()))
        throw IdentityErrors.loginLocked(this.guard.lockedFor(account, now.getTime()));
      throw IdentityErrors.credentialMismatch();
    }
    this.guard.succeeded(account);
    return user;
  }

  private checkPasswordAge(user: UserCredentials, now: Date): void {
    const maxAge = this.settings.maxPasswordAgeMs;
    if (maxAge <= 0 || user.passwordChangedAt === null) return;
    const expiresAt = new Date(user.passwordChangedAt.getTime() + maxAge);
    if (expiresAt.getTime() < now.getTime()) throw IdentityErrors.passwordExpired(expiresAt);
  }

  private async loginKeypair(email: string): Promise<KeypairDetail | null> {
    const { items } = await this.db.identity.keypairs.list({
      userEmail: email,
      isActive: true,
      limit: 100,
      offset: 0,
    });
    const ranked = [...items].sort(
      (a, b) => Number(b.isAdmin) - Number(a.isAdmin) || Number(b.isMain) - Number(a.isMain),
    );
    return ranked[0] ?? null;
  }
}
