import {
  AGENT_STATUSES,
  CLUSTER_MODES,
  KERNEL_STATUSES,
  SESSION_STATUSES,
  SESSION_TYPES,
} from '@tessera/core';

/**
 * Every value a column of an enumerated type may hold. On PostgreSQL each list becomes a
 * `CHECK (column IN (...))` constraint in the migrations; on SQLite the columns stay plain text
 * (see `sqlite-options.ts`).
 */

/**
 * Both session state machines: the statuses Tessera uses today (`SESSION_STATUSES` in core)
 * plus the ones Backend.AI's Sokovan scheduler added (deprioritising, reservations, preemption),
 * so rows written by a newer scheduler are accepted.
 */
export const SESSION_STATUS_VALUES = [
  ...SESSION_STATUSES,
  'DEPRIORITIZING',
  'RESERVED',
  'PREEMPTED',
  'RESCHEDULING',
] as const satisfies readonly string[];

/** Kernel statuses, including Sokovan's RESERVED. */
export const KERNEL_STATUS_VALUES = [...KERNEL_STATUSES, 'RESERVED'] as const satisfies readonly string[];

export const AGENT_STATUS_VALUES = AGENT_STATUSES;
export const SESSION_TYPE_VALUES = SESSION_TYPES;
export const CLUSTER_MODE_VALUES = CLUSTER_MODES;
export const SESSION_RESULT_VALUES = ['UNDEFINED', 'SUCCESS', 'FAILURE'] as const;
export const CLUSTER_ROLE_VALUES = ['main', 'sub'] as const;

export const USER_ROLES = ['superadmin', 'admin', 'user', 'monitor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'inactive', 'deleted', 'before-verification'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** How slots missing from a policy's `total_resource_slots` are treated. */
export const DEFAULT_FOR_UNSPECIFIED_VALUES = ['LIMITED', 'UNLIMITED'] as const;
export type DefaultForUnspecified = (typeof DEFAULT_FOR_UNSPECIFIED_VALUES)[number];

/** A project is a plain one or the store of a deployment's models. */
export const PROJECT_TYPES = ['GENERAL', 'MODEL_STORE'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

/** What an image is for (`ai.backend.role`). */
export const IMAGE_TYPES = ['COMPUTE', 'INFERENCE', 'SYSTEM'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const VFOLDER_PERMISSIONS = ['ro', 'rw', 'wd'] as const;
export type VfolderPermission = (typeof VFOLDER_PERMISSIONS)[number];

export const VFOLDER_OWNERSHIP_TYPES = ['user', 'group'] as const;
export type VfolderOwnershipType = (typeof VFOLDER_OWNERSHIP_TYPES)[number];

export const VFOLDER_USAGE_MODES = ['general', 'model', 'data'] as const;
export type VfolderUsageMode = (typeof VFOLDER_USAGE_MODES)[number];

/** A vfolder's life: usable, busy, and the steps of deletion. */
export const VFOLDER_STATUSES = [
  'ready',
  'performing',
  'cloning',
  'mounted',
  'error',
  'delete-pending',
  'delete-ongoing',
  'delete-complete',
  'delete-error',
] as const;
export type VfolderStatus = (typeof VFOLDER_STATUSES)[number];

export const VFOLDER_INVITATION_STATES = ['pending', 'canceled', 'accepted', 'rejected'] as const;
export type VfolderInvitationState = (typeof VFOLDER_INVITATION_STATES)[number];

export const SESSION_TEMPLATE_TYPES = ['task', 'cluster'] as const;
export type SessionTemplateType = (typeof SESSION_TEMPLATE_TYPES)[number];

export const ERROR_LOG_SEVERITIES = ['critical', 'error', 'warning'] as const;
export type ErrorLogSeverity = (typeof ERROR_LOG_SEVERITIES)[number];

/** An enumerated column: text with the given values (a CHECK constraint on PostgreSQL). */
export function enumColumn(values: readonly string[]): { enum: true; items: string[] } {
  return { enum: true, items: [...values] };
}
