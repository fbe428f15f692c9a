// Generated from tessera.configSchema in plugins/manager-identity/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Failed POST /auth/authorize attempts for one user within loginLockSeconds that lock the account; counted per manager process.
   */
  loginMaxFailures: number;
  /**
   * How long failures are remembered and how long a locked account stays locked, in seconds.
   */
  loginLockSeconds: number;
  /**
   * Days after which a password expires and login is refused with password-expired until it is changed (Backend.AI's auth.max_password_age); 0: passwords never expire.
   */
  maxPasswordAgeDays: number;
  /**
   * The bcrypt cost of passwords the API stores (create_user, modify_user, update-password).
   */
  bcryptRounds: number;
}
