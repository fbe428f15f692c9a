import { randomUUID } from 'node:crypto';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type {
  NewVfolder,
  VfolderChanges,
  VfolderFilter,
  VfolderGrantRecord,
  VfolderInvitationRecord,
  VfolderInvitationStateCode,
  VfolderOrderKey,
  VfolderPermissionCode,
  VfolderRecord,
  VfolderRepository,
  VfolderStatusCode,
} from '@tessera/core';
import {
  GroupEntity,
  UserEntity,
  VfolderEntity,
  VfolderInvitationEntity,
  VfolderPermissionEntity,
  type VfolderInvitationRow,
  type VfolderPermissionRow,
  type VfolderRow,
} from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import type { UnitOfWork } from '../orm/unit-of-work';
import { isUuid } from './identity/identity-support';

const ORDER_COLUMNS: Record<VfolderOrderKey, keyof VfolderRow> = {
  name: 'name',
  host: 'host',
  createdAt: 'createdAt',
  lastUsed: 'lastUsed',
  usageMode: 'usageMode',
  status: 'status',
  curSize: 'curSize',
};

/** vfolders, their grants and invitations on MikroORM. */
export class OrmVfolderRepository implements VfolderRepository {
  constructor(private readonly work: UnitOfWork) {}

  get(id: string): Promise<VfolderRecord | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.work.read(async (em) => {
      const row = await em.findOne(VfolderEntity, { id: id.toLowerCase() }, { populate: ['user', 'group'] });
      return row ? toRecord(row) : null;
    });
  }

  list(filter: VfolderFilter = {}): Promise<VfolderRecord[]> {
    return this.work.read(async (em) => {
      const where = whereOf(filter);
      if (!where) return [];
      const rows = await em.find(VfolderEntity, where, {
        populate: ['user', 'group'],
        orderBy: { name: 'asc', id: 'asc' },
      });
      return rows.map(toRecord);
    });
  }

  page(
    filter: VfolderFilter,
    page: { limit: number; offset: number; orderBy: VfolderOrderKey; ascending: boolean },
  ): Promise<{ totalCount: number; items: VfolderRecord[] }> {
    return this.work.read(async (em) => {
      const where = whereOf(filter);
      if (!where) return { totalCount: 0, items: [] };
      const [rows, totalCount] = await em.findAndCount(VfolderEntity, where, {
        populate: ['user', 'group'],
        orderBy: { [ORDER_COLUMNS[page.orderBy]]: page.ascending ? 'asc' : 'desc', id: 'asc' },
        limit: page.limit,
        offset: page.offset,
      });
      return { totalCount, items: rows.map(toRecord) };
    });
  }

  create(folder: NewVfolder): Promise<VfolderRecord> {
    return this.work.transaction(async (em) => {
      const user = folder.ownerUserId ? await needUser(em as EntityManager, folder.ownerUserId) : null;
      const group = folder.ownerGroupId
        ? await em.findOne(GroupEntity, { id: folder.ownerGroupId.toLowerCase() })
        : null;
      if (folder.ownerGroupId && !group)
        throw DatabaseErrors.objectNotFound(`project ${folder.ownerGroupId}`, { group: folder.ownerGroupId });
      const row = em.create(VfolderEntity, {
        id: folder.id ?? randomUUID(),
        host: folder.host,
        quotaScopeId: folder.quotaScopeId,
        name: folder.name,
        usageMode: folder.usageMode,
        permission: folder.permission,
        maxFiles: 1000,
        maxSize: folder.maxSize,
        numFiles: 0,
        curSize: 0,
        ownershipType: group ? 'group' : 'user',
        user,
        group,
        creator: folder.creator,
        unmanagedPath: null,
        cloneable: folder.cloneable,
        status: folder.status,
        createdAt: new Date(),
        lastUsed: null,
      });
      await em.flush();
      return toRecord(row);
    });
  }

  modify(id: string, changes: VfolderChanges): Promise<VfolderRecord> {
    return this.work.transaction(async (em) => {
      const row = await needFolder(em as EntityManager, id);
      if (changes.name !== undefined) row.name = changes.name;
      if (changes.status !== undefined) row.status = changes.status;
      if (changes.permission !== undefined) row.permission = changes.permission;
      if (changes.cloneable !== undefined) row.cloneable = changes.cloneable;
      if (changes.maxSize !== undefined) row.maxSize = changes.maxSize;
      if (changes.numFiles !== undefined) row.numFiles = changes.numFiles;
      if (changes.curSize !== undefined) row.curSize = changes.curSize;
      if (changes.lastUsed !== undefined) row.lastUsed = changes.lastUsed;
      await em.flush();
      return toRecord(row);
    });
  }

  delete(id: string): Promise<void> {
    return this.work.transaction(async (em) => {
      const row = await needFolder(em as EntityManager, id);
      await em.nativeDelete(VfolderPermissionEntity, { vfolder: row.id });
      await em.nativeDelete(VfolderInvitationEntity, { vfolder: row.id });
      await em.nativeDelete(VfolderEntity, { id: row.id });
    });
  }

  transition(id: string, from: readonly VfolderStatusCode[], to: VfolderStatusCode): Promise<boolean> {
    if (!isUuid(id)) return Promise.resolve(false);
    return this.work.transaction(async (em) => {
      const changed = await em.nativeUpdate(
        VfolderEntity,
        { id: id.toLowerCase(), status: { $in: [...from] } },
        { status: to },
      );
      return changed > 0;
    });
  }

  grants(vfolderIds: readonly string[]): Promise<VfolderGrantRecord[]> {
    const ids = vfolderIds.filter(isUuid).map((id) => id.toLowerCase());
    if (ids.length === 0) return Promise.resolve([]);
    return this.work.read(async (em) => {
      const rows = await em.find(
        VfolderPermissionEntity,
        { vfolder: { $in: ids } },
        { populate: ['user'], orderBy: { user: { email: 'asc' } } },
      );
      return rows.map(toGrant);
    });
  }

  grantsOf(userId: string): Promise<VfolderGrantRecord[]> {
    if (!isUuid(userId)) return Promise.resolve([]);
    return this.work.read(async (em) => {
      const rows = await em.find(
        VfolderPermissionEntity,
        { user: userId.toLowerCase() },
        { populate: ['user'] },
      );
      return rows.map(toGrant);
    });
  }

  grant(vfolderId: string, userId: string, permission: VfolderPermissionCode): Promise<void> {
    return this.work.transaction(async (em) => {
      const folder = await needFolder(em as EntityManager, vfolderId);
      const user = await needUser(em as EntityManager, userId);
      const existing = await em.findOne(VfolderPermissionEntity, { vfolder: folder.id, user: user.uuid });
      if (existing) existing.permission = permission;
      else em.create(VfolderPermissionEntity, { id: randomUUID(), vfolder: folder, user, permission });
      await em.flush();
    });
  }

  revoke(vfolderId: string, userId: string): Promise<boolean> {
    if (!isUuid(vfolderId) || !isUuid(userId)) return Promise.resolve(false);
    return this.work.transaction(async (em) => {
      const removed = await em.nativeDelete(VfolderPermissionEntity, {
        vfolder: vfolderId.toLowerCase(),
        user: userId.toLowerCase(),
      });
      return removed > 0;
    });
  }

  removeRelations(vfolderId: string): Promise<void> {
    if (!isUuid(vfolderId)) return Promise.resolve();
    return this.work.transaction(async (em) => {
      await em.nativeDelete(VfolderPermissionEntity, { vfolder: vfolderId.toLowerCase() });
      await em.nativeDelete(VfolderInvitationEntity, { vfolder: vfolderId.toLowerCase() });
    });
  }

  createInvitation(invitation: {
    vfolderId: string;
    inviter: string;
    invitee: string;
    permission: VfolderPermissionCode;
  }): Promise<VfolderInvitationRecord> {
    return this.work.transaction(async (em) => {
      const folder = await needFolder(em as EntityManager, invitation.vfolderId);
      const row = em.create(VfolderInvitationEntity, {
        id: randomUUID(),
        vfolder: folder,
        inviter: invitation.inviter,
        invitee: invitation.invitee,
        permission: invitation.permission,
        state: 'pending',
        createdAt: new Date(),
        modifiedAt: null,
      });
      await em.flush();
      return toInvitation(row);
    });
  }

  invitation(id: string): Promise<VfolderInvitationRecord | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.work.read(async (em) => {
      const row = await em.findOne(
        VfolderInvitationEntity,
        { id: id.toLowerCase() },
        { populate: ['vfolder'] },
      );
      return row ? toInvitation(row) : null;
    });
  }

  invitations(filter: {
    vfolderId?: string;
    inviter?: string;
    invitee?: string;
    states?: readonly VfolderInvitationStateCode[];
  }): Promise<VfolderInvitationRecord[]> {
    if (filter.vfolderId !== undefined && !isUuid(filter.vfolderId)) return Promise.resolve([]);
    return this.work.read(async (em) => {
      const where: FilterQuery<VfolderInvitationRow> & Record<string, unknown> = {};
      if (filter.vfolderId !== undefined) where['vfolder'] = filter.vfolderId.toLowerCase();
      if (filter.inviter !== undefined) where.inviter = filter.inviter;
      if (filter.invitee !== undefined) where.invitee = filter.invitee;
      if (filter.states !== undefined) where.state = { $in: [...filter.states] };
      const rows = await em.find(VfolderInvitationEntity, where, {
        populate: ['vfolder'],
        orderBy: { createdAt: 'asc', id: 'asc' },
      });
      return rows.map(toInvitation);
    });
  }

  modifyInvitation(
    id: string,
    changes: { state?: VfolderInvitationStateCode; permission?: VfolderPermissionCode },
  ): Promise<VfolderInvitationRecord> {
    return this.work.transaction(async (em) => {
      const row = isUuid(id)
        ? await em.findOne(VfolderInvitationEntity, { id: id.toLowerCase() }, { populate: ['vfolder'] })
        : null;
      if (!row) throw DatabaseErrors.objectNotFound(`vfolder invitation ${id}`, { invitation: id });
      if (changes.state !== undefined) row.state = changes.state;
      if (changes.permission !== undefined) row.permission = changes.permission;
      row.modifiedAt = new Date();
      await em.flush();
      return toInvitation(row);
    });
  }
}

/** The filter as a query, or null when it can match nothing (ids that are not UUIDs). */
function whereOf(filter: VfolderFilter): (FilterQuery<VfolderRow> & Record<string, unknown>) | null {
  const where: FilterQuery<VfolderRow> & Record<string, unknown> = {};
  const uuids = (values: readonly string[]) => values.filter(isUuid).map((value) => value.toLowerCase());
  if (filter.ids !== undefined) where['id'] = { $in: uuids(filter.ids) };
  const owners: Array<Record<string, unknown>> = [];
  if (filter.userIds !== undefined) owners.push({ user: { $in: uuids(filter.userIds) } });
  if (filter.groupIds !== undefined) owners.push({ group: { $in: uuids(filter.groupIds) } });
  if (owners.length === 1) Object.assign(where, owners[0]);
  if (owners.length === 2) where['$or'] = owners;
  if (filter.domainName !== undefined)
    where['$and'] = [
      {
        $or: [
          { user: { domain: { name: filter.domainName } } },
          { group: { domain: { name: filter.domainName } } },
        ],
      },
    ];
  if (filter.name !== undefined) where.name = filter.name;
  if (filter.statuses !== undefined) where.status = { $in: [...filter.statuses] };
  return where;
}

async function needFolder(em: EntityManager, id: string): Promise<VfolderRow> {
  const row = isUuid(id)
    ? await em.findOne(VfolderEntity, { id: id.toLowerCase() }, { populate: ['user', 'group'] })
    : null;
  if (!row) throw DatabaseErrors.objectNotFound(`vfolder ${id}`, { vfolder: id });
  return row;
}

async function needUser(em: EntityManager, userId: string) {
  const user = isUuid(userId) ? await em.findOne(UserEntity, { uuid: userId.toLowerCase() }) : null;
  if (!user) throw DatabaseErrors.objectNotFound(`user ${userId}`, { user: userId });
  return user;
}

function toRecord(row: VfolderRow): VfolderRecord {
  const domainName = row.user?.domain?.name ?? row.group?.domain?.name ?? '';
  return {
    id: row.id,
    host: row.host,
    quotaScopeId: row.quotaScopeId,
    name: row.name,
    usageMode: row.usageMode,
    permission: row.permission,
    maxFiles: row.maxFiles,
    maxSize: row.maxSize === null ? null : Number(row.maxSize),
    numFiles: row.numFiles,
    curSize: Number(row.curSize),
    ownershipType: row.ownershipType,
    userId: row.user?.uuid ?? null,
    userEmail: row.user?.email ?? null,
    groupId: row.group?.id ?? null,
    groupName: row.group?.name ?? null,
    domainName,
    creator: row.creator,
    unmanagedPath: row.unmanagedPath,
    cloneable: row.cloneable,
    status: row.status,
    createdAt: row.createdAt,
    lastUsed: row.lastUsed,
  };
}

function toGrant(row: VfolderPermissionRow): VfolderGrantRecord {
  return {
    vfolderId: row.vfolder.id,
    userId: row.user.uuid,
    userEmail: row.user.email,
    permission: row.permission,
  };
}

function toInvitation(row: VfolderInvitationRow): VfolderInvitationRecord {
  return {
    id: row.id,
    vfolderId: row.vfolder.id,
    vfolderName: row.vfolder.name,
    inviter: row.inviter,
    invitee: row.invitee,
    permission: row.permission,
    state: row.state,
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  };
}
