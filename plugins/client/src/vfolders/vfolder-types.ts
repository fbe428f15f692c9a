/** What the /folders API answers (api-spec §3.7-3.10, Backend.AI 22.09's field names). */

export type VfolderPermission = 'ro' | 'rw' | 'wd';
export type VfolderUsageMode = 'general' | 'model' | 'data';

/** One entry of `GET /folders`. */
export interface VfolderListItem {
  name: string;
  id: string;
  host: string;
  status?: string;
  usage_mode: string;
  created_at: string;
  is_owner: boolean;
  permission: string;
  user: string | null;
  group: string | null;
  creator?: string;
  user_email?: string | null;
  group_name?: string | null;
  ownership_type: string;
  cloneable?: boolean;
  max_size?: number | null;
  cur_size?: number | null;
  [field: string]: unknown;
}

/** `GET /folders/:name`. */
export interface VfolderInfo extends Partial<VfolderListItem> {
  name: string;
  id: string;
  host: string;
  num_files?: number;
  used_bytes?: number;
  last_used?: string;
  type?: string;
}

/** `GET /folders/_/hosts`. */
export interface VfolderHosts {
  default: string | null;
  allowed: string[];
  volume_info?: Record<string, { backend?: string; capabilities?: string[]; [field: string]: unknown }>;
  [field: string]: unknown;
}

export interface CreateVfolderOptions {
  /** `<proxy>:<volume>`; the manager's default host when omitted. */
  host?: string;
  /** A project id or name: makes a project-owned folder. */
  group?: string;
  usageMode?: VfolderUsageMode;
  /** The permission others get when it is shared (the owner always has wd). */
  permission?: VfolderPermission;
  /** Bytes. */
  quota?: number;
  cloneable?: boolean;
  signal?: AbortSignal;
}

/** `POST /folders` (201). */
export interface VfolderCreated {
  id: string;
  name: string;
  host: string;
  usage_mode?: string;
  permission?: string;
  creator?: string;
  ownership_type?: string;
  user?: string | null;
  group?: string | null;
  cloneable?: boolean;
  [field: string]: unknown;
}

/** One entry of `GET /folders/:name/files` (`items`). */
export interface VfolderFileItem {
  name: string;
  type: 'FILE' | 'DIRECTORY' | 'SYMLINK' | string;
  size: number;
  /** Octal permission bits as text (`755`). */
  mode: string;
  created: string;
  modified: string;
  [field: string]: unknown;
}

/** One received or sent invitation. */
export interface VfolderInvitation {
  id: string;
  inviter: string;
  invitee: string;
  perm: string;
  state: string;
  created_at?: string;
  modified_at?: string;
  vfolder_id: string;
  vfolder_name: string;
  [field: string]: unknown;
}

/** One row of `GET /folders/_/shared`. */
export interface SharedVfolder {
  vfolder_id: string;
  vfolder_name: string;
  status?: string;
  owner?: string;
  type?: string;
  shared_to: { uuid: string; email: string };
  perm: string;
  [field: string]: unknown;
}

export interface CloneVfolderOptions {
  targetHost?: string;
  usageMode?: VfolderUsageMode;
  permission?: VfolderPermission;
  cloneable?: boolean;
  signal?: AbortSignal;
}

/** `POST /folders/:name/clone`: the new folder, and the background task copying into it. */
export interface VfolderCloned extends VfolderCreated {
  bgtask_id: string;
}

/** `GET /folders/_/usage`. */
export interface VfolderUsage {
  used_bytes: number;
  file_count: number;
  limit_bytes?: number | null;
  [field: string]: unknown;
}

/** What `request-upload` and `request-download` answer: a storage-proxy URL and its JWT. */
export interface TransferTicket {
  token: string;
  url: string;
}
