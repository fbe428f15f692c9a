/** Wire types of the session API (api-spec §3.1, §7). */

export type SessionType = 'interactive' | 'batch' | 'inference';

export interface CreateSessionOptions {
  /** Image name and tag, e.g. `python:3.11-ubuntu22.04`. */
  image: string;
  /** The session name (`clientSessionToken`): 4-64 letters, digits and inner hyphens. */
  name?: string;
  /** Slot requests, e.g. `{ cpu: '2', mem: '4g', 'cuda.shares': '0.5' }`. */
  resources?: Record<string, string | number>;
  /** Return as soon as the session is queued. */
  enqueueOnly?: boolean;
  /** Give up when the session is not running after this many seconds; 0 waits forever. */
  maxWaitSeconds?: number;
  /** Return an existing session of that name and image (default true); false makes it an error. */
  reuseIfExists?: boolean;
  type?: SessionType;
  /** Project; defaults to the config's group. */
  group?: string;
  /** Defaults to the config's domain. */
  domain?: string;
  /** Environment variables inside the session. */
  env?: Record<string, string>;
  /** The command a batch session runs. */
  startupCommand?: string;
  tag?: string;
  /** vfolder names (`name` or `name:alias`); defaults to the config's vfolder mounts. */
  mounts?: string[];
  clusterSize?: number;
  /** How a multi-container session is placed: on one agent or spread over several. */
  clusterMode?: 'single-node' | 'multi-node';
  /** Sessions (names or ids) that must finish successfully before this one starts. */
  dependencies?: string[];
  /** A batch session starts no earlier than this (sent as ISO 8601). */
  startsAt?: Date;
  /** Shell script run in each kernel before it is ready. */
  bootstrapScript?: string;
  /** Where the manager POSTs the session's lifecycle events. */
  callbackUrl?: string;
  signal?: AbortSignal;
}

export interface ServicePort {
  name: string;
  protocol: string;
  [field: string]: unknown;
}

/** The answer of `POST /session`. */
export interface SessionCreated {
  /** The reference for later calls: the name given, or one the manager chose. */
  sessId: string;
  /** The session UUID, when the manager reports it. */
  sessionId?: string;
  /** `PENDING` with enqueueOnly; otherwise usually `RUNNING`, or `ERROR` / `TERMINATED`. */
  status: string;
  servicePorts: ServicePort[];
  /** False when an existing session was reused. */
  created: boolean;
  [field: string]: unknown;
}

/** The answer of `GET /session/:id`; managers add fields over versions. */
export interface SessionInfo {
  [field: string]: unknown;
}

/** What `POST /session/:id/commit` answers (201): where the session's agent writes the archive. */
export interface SessionCommitStarted {
  /** The committed (main) kernel's id. */
  kernel: string;
  /** The archive under the agent's commit directory: `<owner e-mail>/<time>_<session>_<image>.tar.gz`. */
  path: string;
  /** The same file as an absolute path on the agent's host. */
  location?: string;
  /** The agent that writes it. */
  agent?: string | null;
}

/**
 * What `GET /session/:id/commit` answers: `ongoing` while the archive is written, `ready` when no
 * commit runs (Backend.AI's CommitStatus), `''` when the session is not RUNNING.
 */
export interface SessionCommitStatus {
  status: 'ongoing' | 'ready' | '';
  kernel: string | null;
}
