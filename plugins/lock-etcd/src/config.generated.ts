// Generated from tessera.configSchema in plugins/lock-etcd/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * etcd client URLs (http://host:port). Several endpoints of one cluster are tried in turn.
   *
   * @minItems 1
   */
  endpoints: [string, ...string[]];
  /**
   * Keys live under /sorna/<namespace>/locks/, like Backend.AI's etcd namespace.
   */
  namespace: string;
  /**
   * Lease of a holder that did not pass ttlMs. etcd rounds it up to whole seconds and to its minimum lease (about 2 s); the holder renews it every third of the lease.
   */
  defaultTtlMs: number;
  /**
   * How long one call to etcd (connecting included) may take before it fails.
   */
  requestTimeoutMs: number;
  /**
   * etcd user, when etcd authentication is on.
   */
  user?: string;
  /**
   * Password of the etcd user (put it in the manifest as ${ENV_VAR}).
   */
  password?: string;
}
