// Generated from tessera.configSchema in plugins/agent-backend-docker/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Unix socket of the Docker engine.
   */
  socketPath: string;
  /**
   * Value of the tessera.scope label on this agent's containers and networks. The agent only lists, recovers and removes what carries its scope. Defaults to the node id and a digest of the scratch root, so a restarted agent finds its containers again while deployments with other data folders on the same engine never touch them.
   */
  scope?: string;
  /**
   * User id kernels run as, and owner of their /home/work (Backend.AI [container].kernel-uid; upstream's default -1 means the agent's own uid, its sample config says 1000). Never 0 unless kernels are meant to be root.
   */
  kernelUid: number;
  /**
   * Group id kernels run as (Backend.AI [container].kernel-gid).
   */
  kernelGid: number;
  /**
   * Host address service ports are published on and reported as the kernel host (Backend.AI [container].bind-host; use the agent's address on a multi-node cluster).
   */
  bindHost: string;
  /**
   * First and last host port for service ports, inclusive (Backend.AI [container].port-range). Its size caps how many service ports run at once.
   *
   * @minItems 2
   * @maxItems 2
   */
  portRange: [number, number];
  /**
   * Size of /dev/shm when the kernel's resource_opts give none: bytes, or a number with a binary suffix (64m, 1g).
   */
  defaultShmem: string;
  /**
   * Most processes (and threads) one kernel may have (docker --pids-limit); 0 for no limit.
   */
  pidsLimit: number;
  /**
   * false: a kernel's cpu slot becomes a CPU quota (docker --cpus). true: it gets that many whole cores of its own (docker --cpuset-cpus), picked from the cores no other kernel of this agent holds.
   */
  cpuPinning: boolean;
  /**
   * Seconds a new kernel has to start and have its runner say it is ready (Backend.AI [kernel-lifecycles].init-timeout-sec).
   */
  readyTimeout: number;
  /**
   * Seconds a kernel has to stop after SIGTERM before it is killed (docker stop -t).
   */
  stopTimeout: number;
  /**
   * Folder of per-kernel scratch directories (Backend.AI [container].scratch-root): <scratchRoot>/<kernelId>/ holds work/ (/home/work), config/ (/home/config) and ipc/. Defaults to <plugin data dir>/scratches.
   */
  scratchRoot?: string;
  /**
   * Registry to pull images from when a kernel asks for one the engine does not have. Without it such a kernel fails with image-not-found.
   */
  registry?: {
    /**
     * Registry address: host[:port], optionally with a scheme (https://registry.example.com:5000). Image names without a registry host are pulled from here.
     */
    url: string;
    /**
     * User name for the registry, if it needs one.
     */
    username?: string;
    /**
     * Password or token for the registry (never logged).
     */
    password?: string;
  };
  /**
   * Only report and run images labelled ai.backend.kernelspec (Backend.AI kernel images). false also runs unlabelled images, exec-only.
   */
  imageFilter: boolean;
  /**
   * Network of a session with one kernel (a multi-kernel session always gets a bridge of its own, so its kernels find each other by hostname). session: a bridge network of its own, created with the kernel and removed with it. bridge: the engine's default bridge, as Backend.AI does; it saves creating a network (about 150 ms) and joining a user-defined one (about 100 ms), but kernels on it can reach each other unless dockerd runs with --icc=false. auto: bridge when the default bridge has inter-container communication disabled (dockerd --icc=false, which scripts/halfstack sets), session otherwise.
   */
  singleKernelNetwork: 'auto' | 'bridge' | 'session';
}
