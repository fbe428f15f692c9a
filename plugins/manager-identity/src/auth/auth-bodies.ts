import { bodyValidator, ManagerErrors } from '@tessera/manager';

/** Upstream's limit for the fields it stores: e-mails and names are VARCHAR(64), domains 64. */
const NAME = { type: 'string', minLength: 1, maxLength: 64 };
/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
const PASSWORD = { type: 'string', minLength: 1, maxLength: 72 };

export interface AuthorizeBody {
  type: 'keypair' | 'jwt';
  domain: string;
  username: string;
  password: string;
}

/** POST /auth/authorize: `type` (only `keypair` is served), `domain`, `username` (the e-mail), `password`. */
export const parseAuthorizeBody = bodyValidator<AuthorizeBody>({
  type: 'object',
  required: ['type', 'domain', 'username', 'password'],
  properties: {
    type: { type: 'string', enum: ['keypair', 'jwt'] },
    domain: NAME,
    username: NAME,
    password: PASSWORD,
  },
});

export interface SignoutBody {
  email?: string;
  username?: string;
  password: string;
}

const validateSignout = bodyValidator<SignoutBody>({
  type: 'object',
  required: ['password'],
  properties: { email: NAME, username: NAME, password: PASSWORD },
});

/** POST /auth/signout: `email` (or its alias `username`) and `password`. */
export function parseSignoutBody(body: unknown): { email: string; password: string } {
  const input = validateSignout(body);
  const email = input.email ?? input.username;
  if (email === undefined) throw ManagerErrors.invalidParams('Missing parameter "email"', { field: 'email' });
  return { email, password: input.password };
}

export interface UpdatePasswordBody {
  old_password: string;
  new_password: string;
  new_password2: string;
}

/** POST /auth/update-password: `old_password`, `new_password`, `new_password2` (must equal new_password). */
export const parseUpdatePasswordBody = bodyValidator<UpdatePasswordBody>({
  type: 'object',
  required: ['old_password', 'new_password', 'new_password2'],
  properties: { old_password: PASSWORD, new_password: PASSWORD, new_password2: PASSWORD },
});

export interface UpdatePasswordNoAuthBody {
  domain: string;
  username: string;
  current_password: string;
  new_password: string;
}

/** POST /auth/update-password-no-auth (an expired password): `domain`, `username`, `current_password`, `new_password`. */
export const parseUpdatePasswordNoAuthBody = bodyValidator<UpdatePasswordNoAuthBody>({
  type: 'object',
  required: ['domain', 'username', 'current_password', 'new_password'],
  properties: { domain: NAME, username: NAME, current_password: PASSWORD, new_password: PASSWORD },
});

export interface RoleParams {
  group?: string | null;
}

/** GET /auth/role: optional `group`, a project id. */
export const parseRoleParams = bodyValidator<RoleParams>({
  type: 'object',
  properties: {
    group: {
      anyOf: [
        {
          type: 'string',
          pattern: '^([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$',
        },
        { type: 'null' },
      ],
    },
  },
});
