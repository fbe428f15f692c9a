import type { IdentityRepositories } from '@tessera/core';
import type { UnitOfWork } from '../../orm/unit-of-work';
import { OrmDomainRepository } from './domain-repository';
import { OrmKeypairAdminRepository } from './keypair-admin-repository';
import { OrmResourcePolicyAdmin } from './policy-stores';
import { OrmProjectRepository } from './project-repository';
import { OrmUserRepository } from './user-repository';

/** `Database.identity`: domains, projects, users, keypairs and resource policies for the admin API. */
export class OrmIdentityRepositories implements IdentityRepositories {
  readonly domains: OrmDomainRepository;
  readonly projects: OrmProjectRepository;
  readonly users: OrmUserRepository;
  readonly keypairs: OrmKeypairAdminRepository;
  readonly policies: OrmResourcePolicyAdmin;

  constructor(work: UnitOfWork) {
    this.domains = new OrmDomainRepository(work);
    this.projects = new OrmProjectRepository(work);
    this.users = new OrmUserRepository(work);
    this.keypairs = new OrmKeypairAdminRepository(work);
    this.policies = new OrmResourcePolicyAdmin(work);
  }
}
