import type { KeypairRecord } from './keypairs';
import type { KeypairResourcePolicyRecord } from './resource-policies';
import type { SlotsJSON } from './slots-json';

/*
 * Identity and tenancy as the admin API manages them (api-spec §8.5, §8.9-8.12): domains,
 * projects (Backend.AI's groups) and their members, users, keypairs and resource policies.
 * Repositories validate nothing a caller decides (permissions are the manager's); they keep the
 * rows consistent: a write either happens whole or not at all, and a conflict is a typed error:
 * `object-not-found` naming what is missing, `object-already-exists` naming the duplicate,
 * `object-in-use` naming what still refers to a row a purge would delete.
 */

export type UserRole = KeypairRecord['userRole'];
export const USER_ROLE_VALUES = [
  'superadmin',
  'admin',
  'user',
  'monitor',
] as const satisfies readonly UserRole[];
export type UserStatus = 'active' | 'inactive' | 'deleted' | 'before-verification';
export const USER_STATUS_VALUES = [
  'active',
  'inactive',
  'deleted',
  'before-verification',
] as const satisfies readonly UserStatus[];

/** Per storage host, the vfolder permissions granted (`{"local:volume1": ["create-vfolder", ...]}`). */
export type VfolderHostGrants = Record<string, string[]>;

/** One page of a listing and how many rows match in all. */
export interface Page<T> {
  totalCount: number;
  items: T[];
}

/** Paging of a listing; `orderBy` is one of the listing's documented keys (the caller checks it). */
export interface PageQuery<OrderKey extends string> {
  limit: number;
  offset: number;
  orderBy?: OrderKey;
  /** Ascending unless false. */
  ascending?: boolean;
}

// ---------------------------------------------------------------------------------------- domains

export interface DomainRecord {
  name: string;
  description: string | null;
  isActive: boolean;
  totalResourceSlots: SlotsJSON;
  allowedVfolderHosts: VfolderHostGrants;
  allowedDockerRegistries: string[];
  integrationId: string | null;
  /** Resource groups associated with the domain, by name, sorted. */
  scalingGroups: string[];
  createdAt: Date;
  modifiedAt: Date;
}

export type NewDomain = Pick<DomainRecord, 'name'> &
  Partial<Omit<DomainRecord, 'name' | 'scalingGroups' | 'createdAt' | 'modifiedAt'>>;
/** `name` renames the domain (its users, projects and sessions follow). */
export type DomainChanges = Partial<Omit<DomainRecord, 'scalingGroups' | 'createdAt' | 'modifiedAt'>>;

export interface DomainRepository {
  get(name: string): Promise<DomainRecord | null>;
  /** Every domain, by name; only active or inactive ones when `isActive` is given. */
  list(filter?: { isActive?: boolean }): Promise<DomainRecord[]>;
  create(domain: NewDomain): Promise<DomainRecord>;
  modify(name: string, changes: DomainChanges): Promise<DomainRecord>;
  /** Upstream's delete_domain: the domain becomes inactive; nothing is removed. */
  deactivate(name: string): Promise<void>;
  /** Removes the row; `object-in-use` while users, projects or sessions name the domain. */
  purge(name: string): Promise<void>;
}

// --------------------------------------------------------------------------------------- projects

export type ProjectType = 'GENERAL' | 'MODEL_STORE';

export interface ProjectRecord {
  id: string;
  name: string;
  domainName: string;
  type: ProjectType;
  description: string | null;
  isActive: boolean;
  totalResourceSlots: SlotsJSON;
  allowedVfolderHosts: VfolderHostGrants;
  integrationId: string | null;
  resourcePolicy: string | null;
  /** Resource groups associated with the project, by name, sorted. */
  scalingGroups: string[];
  createdAt: Date;
  modifiedAt: Date;
}

export type NewProject = Pick<ProjectRecord, 'name' | 'domainName'> &
  Partial<
    Omit<ProjectRecord, 'id' | 'name' | 'domainName' | 'scalingGroups' | 'createdAt' | 'modifiedAt'>
  > & {
    /** Generated when absent. */
    id?: string;
  };
export type ProjectChanges = Partial<
  Omit<ProjectRecord, 'id' | 'scalingGroups' | 'createdAt' | 'modifiedAt'>
>;

export interface ProjectRepository {
  get(id: string): Promise<ProjectRecord | null>;
  getByName(domainName: string, name: string): Promise<ProjectRecord | null>;
  /** By domain then name. */
  list(filter?: {
    domainName?: string;
    isActive?: boolean;
    ids?: readonly string[];
  }): Promise<ProjectRecord[]>;
  /** `object-already-exists` when the domain has a project of that name; `object-not-found` for the domain. */
  create(project: NewProject): Promise<ProjectRecord>;
  modify(id: string, changes: ProjectChanges): Promise<ProjectRecord>;
  /** Upstream's delete_group: the project becomes inactive. */
  deactivate(id: string): Promise<void>;
  /** Removes the project and its memberships; `object-in-use` while sessions of it are not terminated. */
  purge(id: string): Promise<void>;
  /** Member user ids, sorted. */
  members(projectId: string): Promise<string[]>;
  /** Adds (ignoring present ones) or removes (ignoring absent ones) members; unknown users: `object-not-found`. */
  updateMembers(projectId: string, mode: 'add' | 'remove', userIds: readonly string[]): Promise<void>;
  /** The projects a user belongs to, by name. */
  projectsOf(userId: string): Promise<ProjectRecord[]>;
  isMember(userId: string, projectId: string): Promise<boolean>;
}

// ------------------------------------------------------------------------------------------ users

export interface UserRecord {
  uuid: string;
  email: string;
  username: string;
  needPasswordChange: boolean;
  fullName: string | null;
  description: string | null;
  status: UserStatus;
  statusInfo: string | null;
  role: UserRole;
  domainName: string;
  resourcePolicy: string | null;
  mainAccessKey: string | null;
  /** The projects the user belongs to, by name. */
  groups: Array<{ id: string; name: string }>;
  /** When the password was last set; null when never (or unknown, for rows from before it was kept). */
  passwordChangedAt: Date | null;
  createdAt: Date;
  modifiedAt: Date;
}

/** What login needs, and only login: the stored bcrypt hash never leaves this and `credentials`. */
export interface UserCredentials {
  uuid: string;
  email: string;
  domainName: string;
  role: UserRole;
  status: UserStatus;
  passwordHash: string | null;
  needPasswordChange: boolean;
  passwordChangedAt: Date | null;
}

/** A new user and, in the same transaction, its main keypair (upstream creates both at once). */
export interface NewUser {
  /** Generated when absent. */
  uuid?: string;
  email: string;
  username: string;
  /** A bcrypt hash (the caller hashes); null disables password login. */
  passwordHash: string | null;
  needPasswordChange?: boolean;
  fullName?: string | null;
  description?: string | null;
  status?: UserStatus;
  role?: UserRole;
  domainName: string;
  resourcePolicy?: string | null;
  /** Projects to join, by id; each must be in the user's domain (`object-not-found` otherwise). */
  groupIds?: readonly string[];
  mainKeypair: NewKeypair;
}

export interface UserChanges {
  username?: string;
  passwordHash?: string | null;
  needPasswordChange?: boolean;
  fullName?: string | null;
  description?: string | null;
  status?: UserStatus;
  statusInfo?: string | null;
  role?: UserRole;
  domainName?: string;
  resourcePolicy?: string | null;
  /** Replaces the memberships (upstream's modify_user group_ids). */
  groupIds?: readonly string[];
  /** Makes another of the user's own active keypairs its main one (upstream's `main_access_key`). */
  mainAccessKey?: string;
}

export type UserOrderKey = 'email' | 'username' | 'createdAt' | 'modifiedAt' | 'role' | 'status';

export interface UserListQuery extends PageQuery<UserOrderKey> {
  domainName?: string;
  /** Members of this project. */
  groupId?: string;
  statuses?: readonly UserStatus[];
  /** Any user whose e-mail, username or full name contains it (case-insensitive). */
  search?: string;
}

export interface UserRepository {
  get(uuid: string): Promise<UserRecord | null>;
  getByEmail(email: string): Promise<UserRecord | null>;
  list(query: UserListQuery): Promise<Page<UserRecord>>;
  /** The user and its main keypair, or neither; `object-already-exists` for a taken e-mail or username. */
  create(user: NewUser): Promise<{ user: UserRecord; keypair: KeypairDetail }>;
  /** A changed `passwordHash` sets `passwordChangedAt`. */
  modify(email: string, changes: UserChanges): Promise<UserRecord>;
  /**
   * Status `deleted` (upstream's delete_user) or `inactive` (its signout), and every keypair of the
   * user inactive, in one transaction, so no keypair of a closed account keeps signing; rows stay.
   */
  closeAccount(email: string, status: 'deleted' | 'inactive'): Promise<void>;
  /**
   * Removes the user, its keypairs and memberships; `object-in-use` while a session of the user
   * is not terminated (the caller ends them first).
   */
  purge(email: string): Promise<void>;
  credentials(email: string): Promise<UserCredentials | null>;
}

// --------------------------------------------------------------------------------------- keypairs

export interface NewKeypair {
  accessKey: string;
  secretKey: string;
  isActive?: boolean;
  isAdmin?: boolean;
  resourcePolicy: string;
  rateLimit?: number;
}

/** A keypair as the admin API shows it. The secret key is in it: the API decides who sees it. */
export interface KeypairDetail {
  accessKey: string;
  secretKey: string;
  userUuid: string;
  userEmail: string;
  /** The owner's full name (upstream's `KeyPair.user_info`). */
  userFullName: string | null;
  domainName: string;
  isActive: boolean;
  isAdmin: boolean;
  resourcePolicy: string;
  rateLimit: number;
  numQueries: number;
  sshPublicKey: string | null;
  lastUsed: Date | null;
  createdAt: Date;
  /** Whether it is its user's main keypair (which cannot be deleted). */
  isMain: boolean;
}

export interface KeypairChanges {
  isActive?: boolean;
  isAdmin?: boolean;
  resourcePolicy?: string;
  rateLimit?: number;
}

export type KeypairOrderKey = 'accessKey' | 'createdAt' | 'lastUsed' | 'userEmail' | 'resourcePolicy';

export interface KeypairListQuery extends PageQuery<KeypairOrderKey> {
  domainName?: string;
  userEmail?: string;
  isActive?: boolean;
}

export interface KeypairAdminRepository {
  get(accessKey: string): Promise<KeypairDetail | null>;
  list(query: KeypairListQuery): Promise<Page<KeypairDetail>>;
  /** A keypair for the user with this e-mail; `object-not-found` for the user or the policy. */
  create(userEmail: string, keypair: NewKeypair): Promise<KeypairDetail>;
  modify(accessKey: string, changes: KeypairChanges): Promise<KeypairDetail>;
  /** `object-in-use` for a user's main keypair. */
  delete(accessKey: string): Promise<void>;
  /** Stores a generated SSH keypair (the private key is kept for the user's sessions). */
  setSshKeypair(accessKey: string, publicKey: string, privateKey: string): Promise<void>;
  sshKeypair(accessKey: string): Promise<{ publicKey: string; privateKey: string } | null>;
}

// ------------------------------------------------------------------------------ resource policies

/** The keypair resource policy with every column the admin API shows. */
export interface KeypairResourcePolicyDetail extends KeypairResourcePolicyRecord {
  maxSessionLifetime: number;
  idleTimeout: number;
  allowedVfolderHosts: VfolderHostGrants;
  maxVfolderCount: number;
  maxVfolderSize: number;
  /** Folders a session may name in `mounts` and `mount_map`; 0 is unlimited (a Tessera field). */
  maxVfolderMounts: number;
  createdAt: Date;
}

export type NewKeypairResourcePolicy = Pick<KeypairResourcePolicyDetail, 'name'> &
  Partial<Omit<KeypairResourcePolicyDetail, 'name' | 'createdAt'>>;
export type KeypairResourcePolicyChanges = Partial<Omit<KeypairResourcePolicyDetail, 'name' | 'createdAt'>>;

export interface UserResourcePolicyRecord {
  name: string;
  maxVfolderCount: number;
  maxQuotaScopeSize: number;
  maxSessionCountPerModelSession: number;
  maxCustomizedImageCount: number;
  createdAt: Date;
}

export interface ProjectResourcePolicyRecord {
  name: string;
  maxVfolderCount: number;
  maxQuotaScopeSize: number;
  maxNetworkCount: number;
  createdAt: Date;
}

/** Create, read, change and delete of one kind of named policy. */
export interface NamedPolicyStore<Detail extends { name: string; createdAt: Date }> {
  get(name: string): Promise<Detail | null>;
  /** By name. */
  list(): Promise<Detail[]>;
  create(policy: Pick<Detail, 'name'> & Partial<Omit<Detail, 'name' | 'createdAt'>>): Promise<Detail>;
  modify(name: string, changes: Partial<Omit<Detail, 'name' | 'createdAt'>>): Promise<Detail>;
  /** `object-in-use` while keypairs, users or projects name it. */
  delete(name: string): Promise<void>;
}

export interface ResourcePolicyAdmin {
  readonly keypair: NamedPolicyStore<KeypairResourcePolicyDetail>;
  readonly user: NamedPolicyStore<UserResourcePolicyRecord>;
  readonly project: NamedPolicyStore<ProjectResourcePolicyRecord>;
}

/** The identity part of the database (`Database.identity`). */
export interface IdentityRepositories {
  readonly domains: DomainRepository;
  readonly projects: ProjectRepository;
  readonly users: UserRepository;
  readonly keypairs: KeypairAdminRepository;
  readonly policies: ResourcePolicyAdmin;
}
