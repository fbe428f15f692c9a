import 'reflect-metadata';

export { default } from './plugin';
export { IDENTITY_ACCESS, type IdentityAction } from './identity-access';
export { IdentityErrorCodes, IdentityErrors } from './identity-errors';
export { LoginGuard } from './login-guard';
export { generateAccessKey, generateSecretKey, Passwords } from './passwords';
export {
  Domain,
  Group,
  KeyPair,
  KeyPairList,
  KeyPairResourcePolicy,
  ProjectResourcePolicy,
  User,
  UserList,
  UserResourcePolicy,
} from './graphql/identity-types';
