/** Wire types of the session-file, match and resource calls (manager READMEs). */

/** One entry of `GET /session/:id/files`. */
export interface SessionFileEntry {
  filename: string;
  /** `-rw-r--r--` */
  mode: string;
  size: number;
  /** Seconds since the epoch. */
  ctime: number;
  mtime: number;
  atime: number;
  type?: 'file' | 'directory' | 'symlink' | 'other';
}

export interface SessionFileList {
  files: SessionFileEntry[];
  /** What the kernel reported as errors ("" when none). */
  errors: string;
  /** The folder listed, absolute. */
  path: string;
}

/** One answer of `GET /session/_/match`. */
export interface SessionMatch {
  id: string;
  name: string;
  status: string;
}

export interface ResourcePreset {
  name: string;
  resource_slots: Record<string, string>;
  shared_memory: string | null;
  allocatable?: boolean;
  [field: string]: unknown;
}

/** `POST /resource/check-presets`. */
export interface CheckPresetsAnswer {
  keypair_limits: Record<string, string>;
  keypair_using: Record<string, string>;
  keypair_remaining: Record<string, string>;
  group_limits: Record<string, string>;
  group_using: Record<string, string>;
  group_remaining: Record<string, string>;
  scaling_group_remaining: Record<string, string>;
  scaling_groups: Record<string, { using: Record<string, string>; remaining: Record<string, string> }>;
  presets: ResourcePreset[];
  [field: string]: unknown;
}

/** One record of the usage reports. */
export type UsageRecord = Record<string, unknown>;

/** `GET /manager/status`. */
export interface ManagerStatus {
  nodes: Array<Record<string, unknown>>;
  status: string;
  active_sessions: number;
  [field: string]: unknown;
}
