export {
  ACCESS_ROLES,
  AccessPolicy,
  roleOf,
  scopeCovers,
  type AccessRole,
  type AccessRule,
  type AccessRules,
  type AccessScope,
  type AccessTarget,
} from './access-policy';
export { AccessRuleTables } from './access-rules';
export { ACT_FOR_ANOTHER_KEYPAIR, HOST_ACCESS } from './host-access';
