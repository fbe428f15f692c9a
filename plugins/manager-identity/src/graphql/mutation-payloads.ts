import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';
import {
  Domain,
  Group,
  KeyPair,
  KeyPairResourcePolicy,
  ProjectResourcePolicy,
  User,
  UserResourcePolicy,
} from './identity-types';

/** What every mutation answers: `ok`, `msg` and, for some, the item it made or changed. */
export interface Outcome<Item = void> {
  ok: boolean;
  msg: string;
  item?: Item | null;
  /** create_user's second item: the main keypair made with the user. */
  keypair?: KeyPair | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- type-graphql's class type
type ClassType = new (...args: any[]) => object;

/** A payload type named as upstream's mutation class (`CreateUser`) with `ok`, `msg` and an item field. */
function payload(name: string, item?: { field: string; type: ClassType }, withKeypair = false): ClassType {
  const Payload = class {};
  Object.defineProperty(Payload, 'name', { value: name });
  ObjectType(name)(Payload);
  Field(() => Boolean)(Payload.prototype, 'ok');
  Field(() => String)(Payload.prototype, 'msg');
  if (item) Field(() => item.type, { name: item.field })(Payload.prototype, 'item');
  if (withKeypair)
    Field(() => KeyPair, { description: 'The main keypair made with the user, with its secret key' })(
      Payload.prototype,
      'keypair',
    );
  return Payload;
}

export const CreateDomain = payload('CreateDomain', { field: 'domain', type: Domain });
export const ModifyDomain = payload('ModifyDomain', { field: 'domain', type: Domain });
export const DeleteDomain = payload('DeleteDomain');
export const PurgeDomain = payload('PurgeDomain');
export const CreateGroup = payload('CreateGroup', { field: 'group', type: Group });
export const ModifyGroup = payload('ModifyGroup', { field: 'group', type: Group });
export const DeleteGroup = payload('DeleteGroup');
export const PurgeGroup = payload('PurgeGroup');
export const CreateUser = payload('CreateUser', { field: 'user', type: User }, true);
export const ModifyUser = payload('ModifyUser', { field: 'user', type: User });
export const DeleteUser = payload('DeleteUser');
export const PurgeUser = payload('PurgeUser');
export const CreateKeyPair = payload('CreateKeyPair', { field: 'keypair', type: KeyPair });
export const ModifyKeyPair = payload('ModifyKeyPair', { field: 'keypair', type: KeyPair });
export const DeleteKeyPair = payload('DeleteKeyPair');
export const CreateKeyPairResourcePolicy = payload('CreateKeyPairResourcePolicy', {
  field: 'resource_policy',
  type: KeyPairResourcePolicy,
});
export const ModifyKeyPairResourcePolicy = payload('ModifyKeyPairResourcePolicy', {
  field: 'resource_policy',
  type: KeyPairResourcePolicy,
});
export const DeleteKeyPairResourcePolicy = payload('DeleteKeyPairResourcePolicy');
export const CreateUserResourcePolicy = payload('CreateUserResourcePolicy', {
  field: 'resource_policy',
  type: UserResourcePolicy,
});
export const ModifyUserResourcePolicy = payload('ModifyUserResourcePolicy', {
  field: 'resource_policy',
  type: UserResourcePolicy,
});
export const DeleteUserResourcePolicy = payload('DeleteUserResourcePolicy');
export const CreateProjectResourcePolicy = payload('CreateProjectResourcePolicy', {
  field: 'resource_policy',
  type: ProjectResourcePolicy,
});
export const ModifyProjectResourcePolicy = payload('ModifyProjectResourcePolicy', {
  field: 'resource_policy',
  type: ProjectResourcePolicy,
});
export const DeleteProjectResourcePolicy = payload('DeleteProjectResourcePolicy');
