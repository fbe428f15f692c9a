import type { KernelStatus, SessionStatus } from '@tessera/core';

/**
 * Status machines (upstream-notes §3.6), written as progress ranks: events only move a session
 * or kernel forward, so a late or duplicated event never rewinds it. Terminal states never change.
 */
const SESSION_RANK: Record<SessionStatus, number> = {
  PENDING: 0,
  SCHEDULED: 1,
  PREPARING: 2,
  PULLING: 3,
  PREPARED: 4,
  CREATING: 5,
  RUNNING: 6,
  RESTARTING: 6,
  RUNNING_DEGRADED: 6,
  TERMINATING: 7,
  ERROR: 8,
  TERMINATED: 9,
  CANCELLED: 9,
};

const KERNEL_RANK: Record<KernelStatus, number> = {
  PENDING: 0,
  SCHEDULED: 1,
  PREPARING: 2,
  BUILDING: 2,
  PULLING: 3,
  PREPARED: 4,
  CREATING: 5,
  RUNNING: 6,
  RESTARTING: 6,
  RESIZING: 6,
  SUSPENDED: 6,
  TERMINATING: 7,
  TERMINATED: 8,
  ERROR: 8,
  CANCELLED: 8,
};

export function canSessionTransition(from: SessionStatus, to: SessionStatus): boolean {
  if (from === to || from === 'TERMINATED' || from === 'CANCELLED') return false;
  // An errored session can still be cleaned up (ERROR -> TERMINATING -> TERMINATED), nothing else.
  if (from === 'ERROR') return to === 'TERMINATING' || to === 'TERMINATED';
  if (to === 'CANCELLED') return SESSION_RANK[from] < SESSION_RANK.RUNNING;
  if (to === 'ERROR' || to === 'TERMINATED') return true;
  return SESSION_RANK[to] > SESSION_RANK[from];
}

export function canKernelTransition(from: KernelStatus, to: KernelStatus): boolean {
  if (from === to || KERNEL_RANK[from] === KERNEL_RANK.TERMINATED) return false;
  if (to === 'CANCELLED') return KERNEL_RANK[from] < KERNEL_RANK.RUNNING;
  if (to === 'ERROR' || to === 'TERMINATED') return true;
  return KERNEL_RANK[to] > KERNEL_RANK[from];
}

const KERNEL_TO_SESSION: Record<KernelStatus, SessionStatus> = {
  PENDING: 'PENDING',
  SCHEDULED: 'SCHEDULED',
  PREPARING: 'PREPARING',
  BUILDING: 'PREPARING',
  PULLING: 'PULLING',
  PREPARED: 'PREPARED',
  CREATING: 'CREATING',
  RUNNING: 'RUNNING',
  RESTARTING: 'RESTARTING',
  RESIZING: 'RUNNING',
  SUSPENDED: 'ERROR',
  TERMINATING: 'TERMINATING',
  TERMINATED: 'TERMINATED',
  ERROR: 'ERROR',
  CANCELLED: 'CANCELLED',
};

/**
 * A session's status from its kernels': any failed kernel fails the session; all gone means
 * TERMINATED (CANCELLED when none ever ran); some gone means TERMINATING; otherwise the session is
 * as far along as its slowest kernel.
 */
export function deriveSessionStatus(kernels: readonly KernelStatus[]): SessionStatus {
  if (kernels.length === 0) return 'ERROR';
  const mapped = kernels.map((status) => KERNEL_TO_SESSION[status]);
  if (mapped.includes('ERROR')) return 'ERROR';
  const gone = mapped.filter((status) => status === 'TERMINATED' || status === 'CANCELLED');
  if (gone.length === mapped.length)
    return mapped.every((status) => status === 'CANCELLED') ? 'CANCELLED' : 'TERMINATED';
  if (gone.length > 0 || mapped.includes('TERMINATING')) return 'TERMINATING';
  return mapped.reduce((slowest, status) =>
    SESSION_RANK[status] < SESSION_RANK[slowest] ? status : slowest,
  );
}

/** Statuses in which a session holds (or is about to hold) agent resources. */
export const RESOURCE_OCCUPYING_SESSION_STATUSES: readonly SessionStatus[] = [
  'SCHEDULED',
  'PREPARING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RUNNING_DEGRADED',
  'TERMINATING',
];
