import { randomBytes, randomUUID } from 'node:crypto';
import {
  SESSION_TERMINAL_STATUSES,
  type Database,
  type EventBus,
  type KeypairRecord,
  type LockService,
  type Logger,
  type NewSession,
  type SessionRecord,
  type SessionStatus,
} from '@tessera/core';
import { ManagerErrors } from '../manager-errors';
import type { CreateSessionOutcome, CreateSessionRequest } from './create-session-request';
import { imageMatches, resolveImage } from './image-resolver';
import { resolveRequestedSlots } from './requested-slots';
import type { SessionStatusWatch } from './session-status-watch';
import type { SlotTypeRegistry } from './slot-type-registry';

export interface SessionCreatorOptions {
  db: Database;
  bus: EventBus;
  lock: LockService;
  slotTypes: SlotTypeRegistry;
  watch: SessionStatusWatch;
  log: Logger;
  source: string;
  defaultResourceGroup: string;
  defaultStartTimeoutMs: number;
}

/** Statuses a waiting create request returns on. */
const SETTLED = (status: SessionStatus): boolean =>
  status === 'RUNNING' || SESSION_TERMINAL_STATUSES.has(status);

/**
 * Creates sessions: reuses a live one of the same name and image, or inserts a PENDING session
 * with its `main1` kernel, announces `session_enqueued`, and (unless enqueue-only) waits for the
 * scheduler and the agent to bring it to RUNNING, ERROR or CANCELLED.
 */
export class SessionCreator {
  constructor(private readonly options: SessionCreatorOptions) {}

  async create(owner: KeypairRecord, request: CreateSessionRequest): Promise<CreateSessionOutcome> {
    const name = request.name ?? generateSessionName();
    const outcome = await this.createOrReuse(owner, name, request);
    if (!outcome.created || request.enqueueOnly) return outcome;
    const timeoutMs =
      request.maxWaitSeconds > 0 ? request.maxWaitSeconds * 1000 : this.options.defaultStartTimeoutMs;
    const waited = await this.options.watch.waitFor(outcome.session.id, SETTLED, timeoutMs);
    if (!waited.reached) {
      this.options.log.info('session start wait ended before the session settled', {
        sessionId: outcome.session.id,
        status: waited.session?.status,
        timeoutMs,
      });
    }
    return { created: true, session: waited.session ?? outcome.session };
  }

  private async createOrReuse(
    owner: KeypairRecord,
    name: string,
    request: CreateSessionRequest,
  ): Promise<CreateSessionOutcome> {
    const { db, lock } = this.options;
    // Two requests with the same name must not both insert: hold a per-name lock meanwhile.
    const handle = await lock.acquire(`session-name/${owner.accessKey}/${name}`, {
      timeoutMs: 10_000,
      ttlMs: 30_000,
    });
    if (!handle) throw ManagerErrors.busy(`the session name "${name}"`);
    let session: SessionRecord;
    try {
      const existing = await db.sessions.findActiveByName(owner.accessKey, name);
      if (existing) return this.reuse(existing, request);
      session = await db.sessions.create(await this.newSession(owner, name, request));
    } finally {
      await handle.release();
    }
    this.options.log.info('session enqueued', {
      sessionId: session.id,
      sessionName: name,
      accessKey: owner.accessKey,
    });
    await this.options.bus.publish(
      'session_enqueued',
      { sessionId: session.id, resourceGroup: session.resourceGroup },
      this.options.source,
    );
    return { created: true, session };
  }

  private reuse(existing: SessionRecord, request: CreateSessionRequest): CreateSessionOutcome {
    if (!request.reuseIfExists) {
      throw ManagerErrors.sessionAlreadyExists(existing.name, existing.image, 'reuseIfExists is false');
    }
    if (!imageMatches(request.image, existing.image)) {
      throw ManagerErrors.sessionAlreadyExists(
        existing.name,
        existing.image,
        `it runs image "${existing.image}", not "${request.image}"`,
      );
    }
    return { created: false, session: existing };
  }

  private async newSession(
    owner: KeypairRecord,
    name: string,
    request: CreateSessionRequest,
  ): Promise<NewSession> {
    const { db } = this.options;
    const images = await db.images.list();
    const image = resolveImage(request.image, images);
    if (!image)
      throw ManagerErrors.imageNotFound(request.image, [...new Set(images.map((i) => i.name))].sort());
    const slots = resolveRequestedSlots(
      request.resources,
      image,
      await this.options.slotTypes.current(),
    ).toJSON();
    const sessionId = randomUUID();
    return {
      id: sessionId,
      name,
      type: request.type,
      image: image.name,
      architecture: image.architecture,
      resourceGroup: request.resourceGroup ?? this.options.defaultResourceGroup,
      domainName: request.domain ?? owner.domainName,
      groupName: request.group,
      accessKey: owner.accessKey,
      userId: owner.userId,
      clusterMode: 'single-node',
      clusterSize: 1,
      priority: 0,
      tag: request.tag,
      environ: request.environ,
      startupCommand: request.startupCommand,
      requestedSlots: slots,
      kernels: [
        {
          // The main kernel shares the session's id, as Backend.AI clients expect.
          id: sessionId,
          clusterRole: 'main',
          clusterIdx: 1,
          clusterHostname: 'main1',
          localRank: 0,
          image: image.name,
          architecture: image.architecture,
          requestedSlots: slots,
        },
      ],
    };
  }
}

/** A random session name when the client gives none (a valid slug). */
function generateSessionName(): string {
  return `sess-${randomBytes(5).toString('hex')}`;
}
