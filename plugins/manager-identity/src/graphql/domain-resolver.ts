import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Database, type DomainChanges } from '@tessera/core';
import { userSlots, type GraphQLContext } from '@tessera/manager';
import { checkHosts, checkName } from './input-checks';
import { DomainInput, ModifyDomainInput } from './identity-inputs';
import { Domain } from './identity-types';
import { toDomain } from './identity-views';
import { CreateDomain, DeleteDomain, ModifyDomain, PurgeDomain, type Outcome } from './mutation-payloads';
import { failed, given, outcome } from './outcome';

/** Domains (api-spec §8.5): read within the caller's reach, written by superadmins only. */
@Resolver(() => Domain)
@injectable()
export class DomainResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => Domain, {
    name: 'domain',
    description: "One domain by name (default: the caller's); null when there is none.",
  })
  async domain(
    @Arg('name', () => String) name: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Domain | null> {
    const domainName = given(name) ?? caller.domainName;
    access.authorize(caller, 'domain.read', { domainName });
    const domain = await this.db.identity.domains.get(domainName);
    return domain ? toDomain(domain) : null;
  }

  @Query(() => [Domain], {
    name: 'domains',
    description: 'Every domain the caller may see (superadmins and monitors: all), by name.',
  })
  async domains(
    @Arg('is_active', () => Boolean) isActive: boolean | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Domain[]> {
    const scope = access.authorize(caller, 'domain.read', { domainName: caller.domainName });
    const filter = isActive === null || isActive === undefined ? {} : { isActive };
    const domains = await this.db.identity.domains.list(filter);
    return domains.filter((domain) => scope === 'any' || domain.name === caller.domainName).map(toDomain);
  }

  @Mutation(() => CreateDomain, { name: 'create_domain' })
  async createDomain(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => DomainInput, { nullable: false }) props: DomainInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<Domain>> {
    access.authorize(caller, 'domain.create', { domainName: name });
    checkName(name, 'name');
    const changes = domainChanges(props);
    return outcome(async () => toDomain(await this.db.identity.domains.create({ ...changes, name })));
  }

  @Mutation(() => ModifyDomain, { name: 'modify_domain' })
  async modifyDomain(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => ModifyDomainInput, { nullable: false }) props: ModifyDomainInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<Domain>> {
    access.authorize(caller, 'domain.modify', { domainName: name });
    const changes: DomainChanges = domainChanges(props);
    const rename = given(props.name);
    if (rename !== undefined) changes.name = checkName(rename, 'props.name');
    return outcome(async () => toDomain(await this.db.identity.domains.modify(name, changes)));
  }

  @Mutation(() => DeleteDomain, {
    name: 'delete_domain',
    description: 'Deactivates the domain; nothing is removed.',
  })
  async deleteDomain(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    access.authorize(caller, 'domain.delete', { domainName: name });
    if (!(await this.db.identity.domains.get(name))) return failed(`domain "${name}" not found`);
    return outcome(() => this.db.identity.domains.deactivate(name));
  }

  @Mutation(() => PurgeDomain, {
    name: 'purge_domain',
    description: 'Removes the domain; refused while users, projects or sessions name it.',
  })
  async purgeDomain(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    access.authorize(caller, 'domain.purge', { domainName: name });
    return outcome(() => this.db.identity.domains.purge(name));
  }
}

function domainChanges(props: DomainInput): DomainChanges {
  const changes: DomainChanges = {};
  if (props.description !== undefined && props.description !== null) changes.description = props.description;
  if (props.is_active !== undefined && props.is_active !== null) changes.isActive = props.is_active;
  if (props.total_resource_slots !== undefined && props.total_resource_slots !== null)
    changes.totalResourceSlots = userSlots(props.total_resource_slots, 'props.total_resource_slots');
  if (props.allowed_vfolder_hosts)
    changes.allowedVfolderHosts = checkHosts(props.allowed_vfolder_hosts, 'props.allowed_vfolder_hosts');
  if (props.allowed_docker_registries) changes.allowedDockerRegistries = props.allowed_docker_registries;
  if (props.integration_id !== undefined && props.integration_id !== null)
    changes.integrationId = props.integration_id;
  return changes;
}
