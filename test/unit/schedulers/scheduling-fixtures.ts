import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCandidate, AgentRecord, SessionRecord } from '@tessera/core';
import { agentRecord as conformanceAgent, sessionRecord } from '@tessera/core/testing';

/** Reads `test/fixtures/scheduling/<name>.json` (from the compiled test folder or the sources). */
export function loadSchedulingFixture<T>(name: string): T {
  const path = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'scheduling', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A PENDING session record with the fields a test names; the rest are plausible defaults. */
export function pendingSession(fields: Partial<SessionRecord> & { id: string }): SessionRecord {
  return sessionRecord(fields);
}

/** A pending session as queue fixtures describe it. */
export interface QueuedSession {
  id: string;
  createdAt: string;
  /** Failed attempts, recorded in status_data.scheduler.retries. */
  retries?: number;
}

export function queueFrom(pending: readonly QueuedSession[]): SessionRecord[] {
  return pending.map((p) =>
    pendingSession({
      id: p.id,
      createdAt: new Date(p.createdAt),
      ...(p.retries !== undefined
        ? { statusInfo: 'no-available-instances', statusData: { scheduler: { retries: p.retries } } }
        : {}),
    }),
  );
}

/** An ALIVE, schedulable x86_64 agent record. */
export function agentRecord(fields: Partial<AgentRecord> & { id: string }): AgentRecord {
  return conformanceAgent(fields);
}

/** A candidate as fixtures describe it: remaining slots, and capacity (the remaining ones when omitted). */
export interface CandidateFixture {
  id: string;
  remaining: Record<string, string>;
  capacity?: Record<string, string>;
}

export function candidateFrom(fixture: CandidateFixture): AgentCandidate {
  return {
    agent: agentRecord({ id: fixture.id, availableSlots: fixture.capacity ?? fixture.remaining }),
    remaining: fixture.remaining,
  };
}
