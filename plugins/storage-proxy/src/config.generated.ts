// Generated from tessera.configSchema in plugins/storage-proxy/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * This proxy's name (Backend.AI's node id): volumes are addressed as <name>:<volume> and the proxy registers itself at the config store key volumes/proxies/<name>. Default: the kernel's node id (host name based).
   */
  name?: string;
  /**
   * Where the manager-facing API listens (http://host:port; port 0 picks a free one). Every request must carry X-BackendAI-Storage-Auth-Token: <managerSecret>. Keep it on a network only managers reach.
   */
  managerListen: string;
  /**
   * The manager-facing API URL announced to managers in volumes/proxies/<name> (manager_api). Default: the managerListen address as bound.
   */
  managerUrl?: string;
  /**
   * Where the client-facing API (tus uploads, downloads) listens (http://host:port; port 0 picks a free one). Requests are authorised by the JWT in ?token= only.
   */
  clientListen: string;
  /**
   * The client-facing API URL announced to users through the manager (client_api in volumes/proxies/<name>), e.g. the public address of a reverse proxy in front of clientListen. Default: the clientListen address as bound.
   */
  clientUrl?: string;
  /**
   * The shared secret managers send in X-BackendAI-Storage-Auth-Token (storage-proxy.toml [api.manager] secret). When unset, the secret already published at volumes/proxies/<name> is kept, or a random one is created once and published there. Write it in the manifest as ${ENV_VAR}.
   */
  managerSecret?: string;
  /**
   * The HS256 key of upload and download tokens (storage-proxy.toml [storage-proxy] secret). When unset, the jwt_secret stored in volumes/proxies/<name> is kept, or a random one is created once and stored there, so tokens survive a restart.
   */
  jwtSecret?: string;
  /**
   * Seconds an upload or download token stays valid after it is issued (session-expire).
   */
  sessionExpire: number;
  /**
   * Largest file (bytes) one upload may declare; larger sizes are refused when the upload token is requested (Tus-Max-Size). Default 100 GiB.
   */
  maxUploadSize: number;
  /**
   * Most entries /folder/file/list answers for one directory (scandir-limit).
   */
  scandirLimit: number;
  /**
   * fsync a completed upload before it is moved into place, so an acknowledged upload survives a host crash. Off by default: like nginx, the proxy leaves flushing to the kernel (an fsync of a large file costs as much as writing it to disk); chunks are never fsynced one by one.
   */
  fsyncUploads: boolean;
  /**
   * The volumes this proxy serves, by name (storage-proxy.toml [volume.<name>]). A relative path is taken under this plugin's data folder (<dataDir>/storage-proxy/) and created when missing.
   */
  volumes: {
    [k: string]: {
      /**
       * The storage-backend plugin (its tessera.name: vfs, btrfs, xfs, ...) that opens this volume. Default: the manifest's defaults.storage-backend, else the only backend loaded.
       */
      backend?: string;
      /**
       * The volume's mount point, the same path on this host and on every agent.
       */
      path: string;
      /**
       * Backend-specific settings, validated by the backend.
       */
      options: {};
    };
  };
  /**
   * Owner of every folder and of what the proxy creates in one (upstream's [storage-proxy] user and group): set it to the agents' kernelUid and its group, so kernels in containers may write their vfolders. Unset: the proxy's own user.
   */
  fileOwner?: {
    uid: number;
    gid: number;
  };
}
