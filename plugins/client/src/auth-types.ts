/** What `POST /auth/authorize` answers, camelCase. `secretKey` is not enumerable: logging the object hides it. */
export interface AuthorizedKeypair {
  accessKey: string;
  readonly secretKey: string;
  /** The user's role: `superadmin`, `admin`, `user` or `monitor`. */
  role: string;
  /** The user's status (`active`, ...). */
  status: string;
}

/** What `GET /auth/role` answers, camelCase. */
export interface CallerRole {
  /** `superadmin` or `user`. */
  globalRole: string;
  /** `admin` (of the caller's domain) or `user`. */
  domainRole: string;
  /** `user` when a project was asked about and the caller is in it; null otherwise. */
  groupRole: string | null;
}
