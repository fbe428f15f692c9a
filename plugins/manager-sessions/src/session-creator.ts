import { randomBytes, randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import {
  ConfigStore,
  Database,
  EventBus,
  LockService,
  Logger,
  ResourceSlot,
  SESSION_TERMINAL_STATUSES,
  type KeypairRecord,
  type NewSession,
  type SessionRecord,
  type SessionStatus,
} from '@tessera/core';
import { MANAGER_STATUS_KEY, ManagerErrors } from '@tessera/manager';
import { checkShmemBelowMemory } from './api/resource-opts';
import { clusterKernels } from './cluster-kernels';
import type { CreateSessionOutcome, CreateSessionRequest } from './create-session-request';
import { checkEnqueue, checkPendingResources } from './enqueue-checks';
import { imageMatches, resolveImage } from './image-resolver';
import { resolveRequestedSlots } from './requested-slots';
import { SessionErrors } from './session-errors';
import { SessionMounts } from './session-mounts';
import { SessionSettings } from './session-settings';
import { SessionStatusWatch } from './session-status-watch';
import { SlotTypeRegistry } from './slot-type-registry';

/** Statuses a waiting create request returns on. */
const SETTLED = (status: SessionStatus): boolean =>
  status === 'RUNNING' || SESSION_TERMINAL_STATUSES.has(status);

/**
 * Creates sessions: reuses a live one of the same name and image, or inserts a PENDING session
 * with its `main1` kernel, announces `session_enqueued`, and (unless enqueue-only) waits for the
 * scheduler and the agent to bring it to RUNNING, ERROR or CANCELLED.
 */
@injectable()
export class SessionCreator {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(EventBus) private readonly bus: EventBus,
    @inject(LockService) private readonly lock: LockService,
    @inject(SlotTypeRegistry) private readonly slotTypes: SlotTypeRegistry,
    @inject(SessionStatusWatch) private readonly watch: SessionStatusWatch,
    @inject(Logger) private readonly log: Logger,
    @inject(SessionSettings) private readonly settings: SessionSettings,
    @inject(SessionMounts) private readonly mounts: SessionMounts,
    @inject(ConfigStore) private readonly store?: ConfigStore,
  ) {}

  async create(owner: KeypairRecord, request: CreateSessionRequest): Promise<CreateSessionOutcome> {
    // A frozen manager (maintenance) starts nothing new, as Backend.AI's server_status_required.
    if (this.store && (await this.store.get(MANAGER_STATUS_KEY)) === 'frozen')
      throw SessionErrors.serverFrozen();
    const name = request.name ?? generateSessionName();
    const outcome = await this.createOrReuse(owner, name, request);
    if (!outcome.created || request.enqueueOnly) return outcome;
    const timeoutMs =
      request.maxWaitSeconds > 0 ? request.maxWaitSeconds * 1000 : this.settings.defaultStartTimeoutMs;
    const waited = await this.watch.waitFor(outcome.session.id, SETTLED, timeoutMs);
    if (!waited.reached) {
      this.log.info('session start wait ended before the session settled', {
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
    const { db, lock } = this;
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
    this.log.info('session enqueued', {
      sessionId: session.id,
      sessionName: name,
      accessKey: owner.accessKey,
    });
    await this.bus.publish(
      'session_enqueued',
      { sessionId: session.id, resourceGroup: session.resourceGroup },
      this.settings.source,
    );
    return { created: true, session };
  }

  private reuse(existing: SessionRecord, request: CreateSessionRequest): CreateSessionOutcome {
    if (!request.reuseIfExists) {
      throw SessionErrors.sessionAlreadyExists(existing.name, existing.image, 'reuseIfExists is false');
    }
    if (!imageMatches(request.image, existing.image)) {
      throw SessionErrors.sessionAlreadyExists(
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
    const { db } = this;
    const resourceGroup = request.resourceGroup ?? this.settings.defaultResourceGroup;
    const admission = await checkEnqueue(db, owner, request, await db.resourceGroups.get(resourceGroup));
    const { priority, dependencies } = admission;
    const images = await db.images.list();
    const image = resolveImage(request.image, images);
    if (!image)
      throw SessionErrors.imageNotFound(request.image, [...new Set(images.map((i) => i.name))].sort());
    const slots = resolveRequestedSlots(request.resources, image, await this.slotTypes.current());
    checkShmemBelowMemory(request.resourceOpts, slots.toJSON()['mem']);
    const sessionId = randomUUID();
    const kernels = clusterKernels(
      sessionId,
      request.clusterSize,
      image,
      slots.toJSON(),
      request.resourceOpts,
    );
    const requestedSlots = kernels.reduce(
      (sum, kernel) => sum.add(ResourceSlot.fromJSON(kernel.requestedSlots)),
      new ResourceSlot(),
    );
    checkPendingResources(admission, requestedSlots);
    const domainName = request.domain ?? owner.domainName;
    const vfolderMounts = await this.mounts.resolve(owner, request, domainName);
    return {
      id: sessionId,
      name,
      type: request.type,
      image: image.name,
      architecture: image.architecture,
      resourceGroup,
      domainName,
      groupName: request.group,
      accessKey: owner.accessKey,
      userId: owner.userId,
      clusterMode: request.clusterMode,
      clusterSize: request.clusterSize,
      priority,
      startsAt: request.startsAt,
      dependencies,
      ...(request.agentList?.length ? { designatedAgents: request.agentList } : {}),
      tag: request.tag,
      environ: request.environ,
      startupCommand: request.startupCommand,
      ...(request.bootstrapScript ? { bootstrapScript: request.bootstrapScript } : {}),
      ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
      ...(vfolderMounts.length > 0 ? { vfolderMounts } : {}),
      requestedSlots: requestedSlots.toJSON(),
      kernels,
    };
  }
}

/** A random session name when the client gives none (a valid slug). */
function generateSessionName(): string {
  return `sess-${randomBytes(5).toString('hex')}`;
}
