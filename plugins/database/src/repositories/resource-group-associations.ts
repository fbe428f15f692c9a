import type { EntityManager } from '@mikro-orm/postgresql';
import type { ResourceGroupMember } from '@tessera/core';
import { DomainEntity, GroupEntity, KeypairEntity } from '../entities';
import { DatabaseErrors } from '../orm/database-errors';
import { isUuid, rawRows } from './identity/identity-support';

/** One association table of resource groups: where a member kind is kept and how it is named. */
interface AssociationTable {
  table: 'resource_groups_for_domains' | 'resource_groups_for_groups' | 'resource_groups_for_keypairs';
  column: 'domain' | 'group_id' | 'access_key';
  /** The member's key as stored (project ids in lower case). */
  key: string;
  /** `domain "lab"`, `project 5b1d...`, `keypair AKIA...`: for messages. */
  label: string;
}

/** Where `member`'s associations are kept. */
export function associationTable(member: ResourceGroupMember): AssociationTable {
  if ('domain' in member)
    return {
      table: 'resource_groups_for_domains',
      column: 'domain',
      key: member.domain,
      label: `domain "${member.domain}"`,
    };
  if ('project' in member)
    return {
      table: 'resource_groups_for_groups',
      column: 'group_id',
      key: member.project.toLowerCase(),
      label: `project ${member.project}`,
    };
  return {
    table: 'resource_groups_for_keypairs',
    column: 'access_key',
    key: member.accessKey,
    label: `keypair ${member.accessKey}`,
  };
}

/** Throws `object-not-found` naming the domain, project or keypair when there is none. */
export async function needMember(em: EntityManager, member: ResourceGroupMember): Promise<AssociationTable> {
  const where = associationTable(member);
  let found: object | null;
  if ('domain' in member) found = await em.findOne(DomainEntity, { name: member.domain });
  else if ('project' in member)
    found = isUuid(member.project) ? await em.findOne(GroupEntity, { id: where.key }) : null;
  else found = await em.findOne(KeypairEntity, { accessKey: member.accessKey });
  if (!found) throw DatabaseErrors.objectNotFound(where.label, { [where.column]: where.key });
  return where;
}

/** Whether `resourceGroup` is associated with the member of `where`. */
export async function isAssociated(
  em: EntityManager,
  resourceGroup: string,
  where: AssociationTable,
): Promise<boolean> {
  const rows = await rawRows(
    em,
    `select 1 from ${where.table} where resource_group = ? and ${where.column} = ?`,
    [resourceGroup, where.key],
  );
  return rows.length > 0;
}

export async function insertAssociation(
  em: EntityManager,
  resourceGroup: string,
  where: AssociationTable,
): Promise<void> {
  await rawRows(em, `insert into ${where.table} (resource_group, ${where.column}) values (?, ?)`, [
    resourceGroup,
    where.key,
  ]);
}

/** Removes the associations of the member of `where` (with one group, or with all); how many. */
export async function deleteAssociations(
  em: EntityManager,
  where: AssociationTable,
  resourceGroup?: string,
): Promise<number> {
  const sql = `delete from ${where.table} where ${where.column} = ?`;
  const counted = await countAssociations(em, where, resourceGroup);
  if (resourceGroup === undefined) await rawRows(em, sql, [where.key]);
  else await rawRows(em, `${sql} and resource_group = ?`, [where.key, resourceGroup]);
  return counted;
}

async function countAssociations(
  em: EntityManager,
  where: AssociationTable,
  resourceGroup?: string,
): Promise<number> {
  const sql = `select count(*) as n from ${where.table} where ${where.column} = ?`;
  const rows = await rawRows<{ n: number | string }>(
    em,
    resourceGroup === undefined ? sql : `${sql} and resource_group = ?`,
    resourceGroup === undefined ? [where.key] : [where.key, resourceGroup],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Removes every association of one resource group (before the group itself goes). */
export async function forgetResourceGroup(em: EntityManager, resourceGroup: string): Promise<void> {
  for (const table of [
    'resource_groups_for_domains',
    'resource_groups_for_groups',
    'resource_groups_for_keypairs',
  ])
    await rawRows(em, `delete from ${table} where resource_group = ?`, [resourceGroup]);
}
