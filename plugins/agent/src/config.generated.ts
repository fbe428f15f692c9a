// Generated from tessera.configSchema in plugins/agent/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * The agent's id. Defaults to i-<node id>, like Backend.AI's i-<hostname>.
   */
  agentId?: string;
  /**
   * Resource group (scaling group) the agent joins.
   */
  resourceGroup: string;
  /**
   * Region reported in heartbeats.
   */
  region: string;
  /**
   * Seconds between heartbeats (Backend.AI: 20).
   */
  heartbeatInterval: number;
  /**
   * CPU cores to report. Defaults to the host's cores minus reservedCpu.
   */
  cpu?: string | number;
  /**
   * Memory to report (bytes or a binary size such as "16g"). Defaults to the host's memory minus reservedMem.
   */
  mem?: string | number;
  /**
   * Cores kept for the host when the capacity is derived from it (Backend.AI reserved-cpu).
   */
  reservedCpu: number;
  /**
   * Memory kept for the host when the capacity is derived from it (Backend.AI reserved-mem).
   */
  reservedMem: string | number;
  /**
   * Name of the agent backend to use (process, docker, ...). Defaults to the deployment's default agent backend, or the only one loaded.
   */
  backend?: string;
  /**
   * Seconds an execute call waits for a run to finish before it returns status continued with the output so far.
   */
  flushInterval: number;
  /**
   * Seconds one run (a query or batch execution, across its continue calls) may last, counted from when the kernel starts it; a longer run is answered with status exec-timeout and the output so far, and its kernel is destroyed with reason exec-timeout (Backend.AI's exec-timeout). 0: no limit.
   */
  execTimeout: number;
  /**
   * Seconds the agent's stop waits for its kernels to be destroyed.
   */
  kernelStopTimeout: number;
  /**
   * Where the agent serves the manager's RPC (Backend.AI rpc-listen-addr), as a URL such as "http://0.0.0.0:6001". The scheme needs its transport plugin (@tessera/agent-rpc-http for http). Absent: in process only (inproc://<agentId>), for deployments that run the manager in the same process.
   */
  rpcListen?: string;
  /**
   * The RPC address heartbeats tell the manager (Backend.AI advertised-rpc-addr). Defaults to rpcListen, with a wildcard host (0.0.0.0, ::) replaced by the node's first non-internal IPv4 address.
   */
  advertisedAddress?: string;
  /**
   * Seconds between resource measures of the node and its kernels, published as agent_stats (the manager keeps each kernel's last_stat).
   */
  statInterval: number;
  /**
   * Folder where session commits are saved, as <commitDir>/<owner e-mail>/<time>_<session>_<image>.tar.gz (Backend.AI's image-commit-path). Defaults to commit/ under the agent's data folder (<dataDir>/agent/commit).
   */
  commitDir?: string;
  /**
   * Device keys in the order a kernel's devices are allocated (Backend.AI's allocation-order); each accelerator's devices are picked near the NUMA nodes of those allocated before it. Keys of accelerators that are not installed are ignored; installed accelerators that are not listed come after the listed ones.
   */
  allocationOrder: string[];
  /**
   * How the first accelerator of a kernel's allocation spreads over NUMA nodes (Backend.AI's affinity-policy): INTERLEAVED takes devices from each node in turn, PREFER_SINGLE_NODE fills one node before the next.
   */
  affinityPolicy: 'INTERLEAVED' | 'PREFER_SINGLE_NODE';
}
