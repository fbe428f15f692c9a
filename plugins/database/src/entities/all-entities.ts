import { AgentImageEntity } from './agent-image.entity';
import { AgentEntity } from './agent.entity';
import { DomainEntity } from './domain.entity';
import { ErrorLogEntity } from './error-log.entity';
import { GroupEntity } from './group.entity';
import { ImageAliasEntity } from './image-alias.entity';
import { ImageEntity } from './image.entity';
import { KernelEntity } from './kernel.entity';
import { KeypairResourcePolicyEntity } from './keypair-resource-policy.entity';
import { KeypairEntity } from './keypair.entity';
import { ProjectResourcePolicyEntity } from './project-resource-policy.entity';
import { ResourceGroupEntity } from './resource-group.entity';
import { ResourcePresetEntity } from './resource-preset.entity';
import { SessionTemplateEntity } from './session-template.entity';
import { SessionEntity } from './session.entity';
import { UserResourcePolicyEntity } from './user-resource-policy.entity';
import { UserEntity } from './user.entity';
import { VfolderInvitationEntity } from './vfolder-invitation.entity';
import { VfolderPermissionEntity } from './vfolder-permission.entity';
import { VfolderEntity } from './vfolder.entity';

/** Every entity the ORM discovers; a new entity file is added here (and a migration generated). */
export const ALL_ENTITIES = [
  DomainEntity,
  ProjectResourcePolicyEntity,
  GroupEntity,
  UserResourcePolicyEntity,
  UserEntity,
  KeypairResourcePolicyEntity,
  KeypairEntity,
  ResourceGroupEntity,
  ResourcePresetEntity,
  AgentEntity,
  ImageEntity,
  ImageAliasEntity,
  AgentImageEntity,
  SessionEntity,
  KernelEntity,
  SessionTemplateEntity,
  VfolderEntity,
  VfolderPermissionEntity,
  VfolderInvitationEntity,
  ErrorLogEntity,
];
