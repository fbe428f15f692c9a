import { AgentEntity } from './agent.entity';
import { DomainEntity } from './domain.entity';
import { GroupEntity } from './group.entity';
import { ImageEntity } from './image.entity';
import { KernelEntity } from './kernel.entity';
import { KeypairResourcePolicyEntity } from './keypair-resource-policy.entity';
import { KeypairEntity } from './keypair.entity';
import { ResourceGroupEntity } from './resource-group.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

/** Every entity the ORM discovers; a new entity file is added here. */
export const ALL_ENTITIES = [
  DomainEntity,
  GroupEntity,
  UserEntity,
  KeypairResourcePolicyEntity,
  KeypairEntity,
  ResourceGroupEntity,
  AgentEntity,
  ImageEntity,
  SessionEntity,
  KernelEntity,
];
