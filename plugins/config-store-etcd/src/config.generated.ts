// Generated from tessera.configSchema in plugins/config-store-etcd/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * etcd client URLs; the client spreads requests over them and fails over between them.
   *
   * @minItems 1
   */
  endpoints: [string, ...string[]];
  /**
   * Keys live under /sorna/<namespace>/ (the reference docs' default is local).
   */
  namespace: string;
  /**
   * etcd user for authentication; leave unset when etcd runs without auth. Use ${VAR} in manifests.
   */
  user?: string;
  /**
   * Password of user. Use ${VAR} in manifests rather than writing it in the file.
   */
  password?: string;
  /**
   * Milliseconds to wait for etcd to answer when connecting and on each call before giving up.
   */
  requestTimeoutMs: number;
}
