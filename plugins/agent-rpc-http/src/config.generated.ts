// Generated from tessera.configSchema in plugins/agent-rpc-http/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Seconds one call to an agent may take, retries included, before it fails with agent-unreachable. Must exceed the agent's execute flush interval (an execute call waits up to that long for output).
   */
  callTimeout: number;
  /**
   * Retries of a call whose connection failed (refused, reset, hung up before the answer), with exponential backoff from 100 ms up to 2 s. Calls that may have reached the agent are retried only for idempotent methods (every method but execute, interruptKernel, restartKernel and commit: ping, createKernels, destroyKernel, kernelLogs, startService, shutdownService, complete, getCommitStatus and the session-file calls); execute, interruptKernel, restartKernel and commit are retried only when the connection was refused.
   */
  retries: number;
  /**
   * Largest request body (bytes) the agent side accepts (larger ones are refused with 413), and largest answer the manager side reads.
   */
  maxBodySize: number;
  /**
   * Seconds a request's X-Tessera-Date may differ from the serving host's clock before the request is refused with 401. Also how long the previous secret is still accepted after the secret changes in the config store.
   */
  maxClockSkew: number;
  /**
   * The cluster secret that signs agent RPC, for deployments without a shared config store. When set it wins over the config store (which is then not read); every manager and agent must have the same value. Write it in the manifest as ${ENV_VAR}.
   */
  secret?: string;
  /**
   * Config store key of the cluster secret, used when secret is not set. The first process that finds it absent stores a random 32-byte secret (hex); all others read it.
   */
  secretKey: string;
}
