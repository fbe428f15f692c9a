import type { AccessRules } from '@tessera/manager';

/**
 * Who may do what to identities, contributed to the manager's permission table
 * (`manager/access-rules`). Roles: a superadmin everything; a domain admin the users, projects and
 * keypairs of its own domain (never a superadmin's, never another domain's, never domains or
 * policies themselves); a user its own user and keypairs (read) and its own password; a monitor
 * reads every domain, project, user, keypair (without secrets) and policy and writes nothing but
 * its own password.
 */
export const IDENTITY_ACCESS = {
  // domains (api-spec §8.5): superadmin-only writes
  'domain.read': {
    description: 'read domains',
    roles: { superadmin: 'any', admin: 'domain', user: 'domain', monitor: 'any' },
  },
  'domain.create': { description: 'create domains', roles: { superadmin: 'any' } },
  'domain.modify': { description: 'modify domains', roles: { superadmin: 'any' } },
  'domain.delete': { description: 'deactivate domains', roles: { superadmin: 'any' } },
  'domain.purge': { description: 'purge domains', roles: { superadmin: 'any' } },
  // projects, Backend.AI's groups (§8.10)
  'project.read': {
    description: 'read projects',
    roles: { superadmin: 'any', admin: 'domain', user: 'member', monitor: 'any' },
  },
  'project.create': { description: 'create projects', roles: { superadmin: 'any', admin: 'domain' } },
  'project.modify': {
    description: 'modify projects and their members',
    roles: { superadmin: 'any', admin: 'domain' },
  },
  'project.delete': { description: 'deactivate projects', roles: { superadmin: 'any', admin: 'domain' } },
  'project.purge': { description: 'purge projects', roles: { superadmin: 'any', admin: 'domain' } },
  // users (§8.9)
  'user.read': {
    description: 'read users',
    roles: { superadmin: 'any', admin: 'domain', user: 'self', monitor: 'any' },
  },
  'user.create': { description: 'create users', roles: { superadmin: 'any', admin: 'domain' } },
  'user.modify': { description: 'modify users', roles: { superadmin: 'any', admin: 'domain' } },
  'user.delete': { description: 'delete users', roles: { superadmin: 'any', admin: 'domain' } },
  'user.purge': { description: 'purge users', roles: { superadmin: 'any', admin: 'domain' } },
  // keypairs (§8.11)
  'keypair.read': {
    description: 'read keypairs',
    roles: { superadmin: 'any', admin: 'domain', user: 'self', monitor: 'any' },
  },
  'keypair.read-secret': {
    description: 'read secret keys',
    roles: { superadmin: 'any', admin: 'self', user: 'self', monitor: 'self' },
  },
  'keypair.create': { description: 'create keypairs', roles: { superadmin: 'any', admin: 'domain' } },
  'keypair.modify': { description: 'modify keypairs', roles: { superadmin: 'any', admin: 'domain' } },
  'keypair.delete': { description: 'delete keypairs', roles: { superadmin: 'any', admin: 'domain' } },
  // keypair, user and project resource policies (§8.12): superadmin-only writes
  'keypair-policy.read': {
    description: 'read keypair resource policies',
    roles: { superadmin: 'any', admin: 'any', user: 'self', monitor: 'any' },
  },
  'policy.read': {
    description: 'read user and project resource policies',
    roles: { superadmin: 'any', admin: 'any', monitor: 'any' },
  },
  'policy.create': { description: 'create resource policies', roles: { superadmin: 'any' } },
  'policy.modify': { description: 'modify resource policies', roles: { superadmin: 'any' } },
  'policy.delete': { description: 'delete resource policies', roles: { superadmin: 'any' } },
  // the /auth routes: each acts on the caller's own account only
  'auth.role': {
    description: 'read roles',
    roles: { superadmin: 'self', admin: 'self', user: 'self', monitor: 'self' },
  },
  'auth.update-password': {
    description: 'change passwords',
    roles: { superadmin: 'self', admin: 'self', user: 'self', monitor: 'self' },
  },
  'auth.signout': {
    description: 'sign accounts out',
    roles: { superadmin: 'self', admin: 'self', user: 'self', monitor: 'self' },
  },
  'auth.account': {
    description: "change one's full name and SSH keypair",
    roles: { superadmin: 'self', admin: 'self', user: 'self', monitor: 'self' },
  },
} as const satisfies AccessRules;

export type IdentityAction = keyof typeof IDENTITY_ACCESS;
