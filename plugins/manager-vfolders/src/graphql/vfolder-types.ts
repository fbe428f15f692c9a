import 'reflect-metadata';
import { Field, Int, ObjectType } from 'type-graphql';
import { BigIntScalar, DateTimeScalar, UUIDScalar } from '@tessera/manager';
import type { VfolderRecord } from '@tessera/core';

/** Backend.AI's VirtualFolder (manager/models/vfolder.py, 22.09) with its snake_case fields. */
@ObjectType('VirtualFolder', {
  description: 'A virtual folder: a directory on a storage volume, owned by a user or a project.',
})
export class VirtualFolder {
  @Field(() => UUIDScalar) id!: string;
  @Field(() => String, { description: '<proxy>:<volume>' }) host!: string;
  @Field(() => String) name!: string;
  @Field(() => UUIDScalar, { description: 'The owning user (null for project folders)' }) user!:
    string | null;
  @Field(() => String) user_email!: string | null;
  @Field(() => UUIDScalar, { description: 'The owning project (null for user folders)' }) group!:
    string | null;
  @Field(() => String) group_name!: string | null;
  @Field(() => String, { description: 'E-mail of the creator' }) creator!: string | null;
  @Field(() => String) unmanaged_path!: string | null;
  @Field(() => String, { description: 'general, model or data' }) usage_mode!: string;
  @Field(() => String, { description: 'ro, rw or wd' }) permission!: string;
  @Field(() => String, { description: 'user or group' }) ownership_type!: string;
  @Field(() => Int) max_files!: number;
  @Field(() => BigIntScalar, { description: 'Quota in MiB; null when none' }) max_size!: number | null;
  @Field(() => DateTimeScalar) created_at!: Date;
  @Field(() => DateTimeScalar) last_used!: Date | null;
  @Field(() => Int) num_files!: number;
  @Field(() => BigIntScalar) cur_size!: number;
  @Field(() => Boolean) cloneable!: boolean;
  @Field(() => String) status!: string;
}

@ObjectType('VirtualFolderList')
export class VirtualFolderList {
  @Field(() => Int) total_count!: number;
  @Field(() => [VirtualFolder]) items!: VirtualFolder[];
}

export function toVirtualFolder(folder: VfolderRecord): VirtualFolder {
  return {
    id: folder.id,
    host: folder.host,
    name: folder.name,
    user: folder.userId,
    user_email: folder.userEmail,
    group: folder.groupId,
    group_name: folder.groupName,
    creator: folder.creator,
    unmanaged_path: folder.unmanagedPath,
    usage_mode: folder.usageMode,
    permission: folder.permission,
    ownership_type: folder.ownershipType,
    max_files: folder.maxFiles,
    max_size: folder.maxSize === null ? null : Math.floor(folder.maxSize / 2 ** 20),
    created_at: folder.createdAt,
    last_used: folder.lastUsed,
    num_files: folder.numFiles,
    cur_size: folder.curSize,
    cloneable: folder.cloneable,
    status: folder.status,
  };
}
