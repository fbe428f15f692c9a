import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Database, type KeypairRecord, type ProjectChanges, type ProjectRecord } from '@tessera/core';
import {
  type AccessPolicy,
  type GraphQLContext,
  ManagerErrors,
  userSlots,
  UUIDScalar,
} from '@tessera/manager';
import { checkEnum, checkHosts, checkName, checkUuid } from './input-checks';
import { GroupInput, ModifyGroupInput } from './identity-inputs';
import { Group } from './identity-types';
import { toGroup } from './identity-views';
import { CreateGroup, DeleteGroup, ModifyGroup, PurgeGroup, type Outcome } from './mutation-payloads';
import { failed, given, outcome } from './outcome';

const PROJECT_TYPES = ['GENERAL', 'MODEL_STORE'] as const;

/**
 * Projects, Backend.AI's groups (api-spec §8.10), and their members: superadmins everywhere,
 * domain admins in their domain, users read the projects they belong to.
 */
@Resolver(() => Group)
@injectable()
export class GroupResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => Group, { name: 'group', description: 'One project by id; null when there is none.' })
  async group(
    @Arg('id', () => UUIDScalar, { nullable: false }) id: string,
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Group | null> {
    const project = await this.db.identity.projects.get(id);
    if (!project || (given(domainName) !== undefined && project.domainName !== domainName)) return null;
    await this.authorizeOn(caller, access, 'project.read', project);
    return toGroup(project);
  }

  @Query(() => [Group], {
    name: 'groups_by_name',
    description:
      'The projects of that name (a name is unique only within a domain): superadmins and monitors any domain, admins their own, users those they belong to.',
  })
  async groupsByName(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Group[]> {
    const asked = given(domainName);
    const scope = access.scopeOf(caller, 'project.read');
    if (scope === 'any') {
      if (asked !== undefined) {
        const project = await this.db.identity.projects.getByName(asked, name);
        return project ? [toGroup(project)] : [];
      }
      const projects = await this.db.identity.projects.list();
      return projects.filter((project) => project.name === name).map(toGroup);
    }
    access.authorize(caller, 'project.read', {
      domainName: asked ?? caller.domainName,
      members: [caller.userId],
    });
    const project = await this.db.identity.projects.getByName(caller.domainName, name);
    if (!project) return [];
    if (scope === 'member' && !(await this.db.identity.projects.isMember(caller.userId, project.id)))
      return [];
    return [toGroup(project)];
  }

  @Query(() => [Group], {
    name: 'groups',
    description: 'Projects by domain then name: superadmins and monitors any domain, others their own.',
  })
  async groups(
    @Arg('domain_name', () => String) domainName: string | null | undefined,
    @Arg('is_active', () => Boolean) isActive: boolean | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Group[]> {
    const asked = given(domainName);
    const scope = access.scopeOf(caller, 'project.read');
    const active = isActive === null || isActive === undefined ? {} : { isActive };
    if (scope === 'any') {
      const projects = await this.db.identity.projects.list({
        ...(asked ? { domainName: asked } : {}),
        ...active,
      });
      return projects.map(toGroup);
    }
    access.authorize(caller, 'project.read', {
      domainName: asked ?? caller.domainName,
      members: [caller.userId],
    });
    const projects =
      scope === 'member'
        ? (await this.db.identity.projects.projectsOf(caller.userId)).filter(
            (project) =>
              project.domainName === caller.domainName &&
              (active.isActive === undefined || project.isActive === active.isActive),
          )
        : await this.db.identity.projects.list({ domainName: caller.domainName, ...active });
    return projects.map(toGroup);
  }

  @Mutation(() => CreateGroup, { name: 'create_group' })
  async createGroup(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => GroupInput, { nullable: false }) props: GroupInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<Group>> {
    access.authorize(caller, 'project.create', { domainName: props.domain_name });
    checkName(name, 'name');
    const changes = projectChanges(props);
    const type = given(props.type);
    return outcome(async () =>
      toGroup(
        await this.db.identity.projects.create({
          ...changes,
          name,
          domainName: props.domain_name,
          ...(type ? { type: checkEnum(type, PROJECT_TYPES, 'props.type') } : {}),
        }),
      ),
    );
  }

  @Mutation(() => ModifyGroup, {
    name: 'modify_group',
    description: 'Changes a project; user_update_mode add or remove applies user_uuids to its members.',
  })
  async modifyGroup(
    @Arg('gid', () => UUIDScalar, { nullable: false }) gid: string,
    @Arg('props', () => ModifyGroupInput, { nullable: false }) props: ModifyGroupInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome<Group>> {
    const project = await this.db.identity.projects.get(gid);
    if (!project) {
      access.authorize(caller, 'project.modify', { domainName: caller.domainName });
      return failed(`project (user group) "${gid}" not found`);
    }
    access.authorize(caller, 'project.modify', { domainName: project.domainName });
    const changes: ProjectChanges = projectChanges(props);
    const rename = given(props.name);
    if (rename !== undefined) changes.name = checkName(rename, 'props.name');
    const domainName = given(props.domain_name);
    if (domainName !== undefined && domainName !== project.domainName) {
      access.authorize(caller, 'project.modify', { domainName });
      changes.domainName = domainName;
    }
    const mode = given(props.user_update_mode);
    const userIds = (given(props.user_uuids) ?? []).map((id, index) =>
      checkUuid(id, `props.user_uuids[${index}]`),
    );
    if (mode !== undefined) checkEnum(mode, ['add', 'remove'] as const, 'props.user_update_mode');
    if (mode === undefined && userIds.length > 0)
      throw ManagerErrors.invalidParams(
        'props.user_update_mode (add or remove) is required with props.user_uuids',
        {
          field: 'props.user_update_mode',
        },
      );
    // Every member added must be a user of the project's domain (checked before anything is written).
    if (mode === 'add') {
      for (const userId of userIds) {
        const user = await this.db.identity.users.get(userId);
        if (!user) return failed(`user "${userId}" not found`);
        if (user.domainName !== (changes.domainName ?? project.domainName))
          return failed(`user "${userId}" is not in the project's domain "${project.domainName}"`);
      }
    }
    return outcome(async () => {
      let changed: ProjectRecord = project;
      if (Object.keys(changes).length > 0) changed = await this.db.identity.projects.modify(gid, changes);
      if (mode !== undefined && userIds.length > 0)
        await this.db.identity.projects.updateMembers(gid, mode as 'add' | 'remove', userIds);
      return toGroup(changed);
    });
  }

  @Mutation(() => DeleteGroup, { name: 'delete_group', description: 'Deactivates the project.' })
  async deleteGroup(
    @Arg('gid', () => UUIDScalar, { nullable: false }) gid: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    return this.onExisting(caller, access, 'project.delete', gid, () =>
      this.db.identity.projects.deactivate(gid),
    );
  }

  @Mutation(() => PurgeGroup, {
    name: 'purge_group',
    description: 'Removes the project and its memberships; refused while its sessions run.',
  })
  async purgeGroup(
    @Arg('gid', () => UUIDScalar, { nullable: false }) gid: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Outcome> {
    return this.onExisting(caller, access, 'project.purge', gid, () => this.db.identity.projects.purge(gid));
  }

  private async onExisting(
    caller: KeypairRecord,
    access: AccessPolicy,
    action: string,
    gid: string,
    write: () => Promise<void>,
  ): Promise<Outcome> {
    const project = await this.db.identity.projects.get(gid);
    if (!project) {
      access.authorize(caller, action, { domainName: caller.domainName });
      return failed(`project (user group) "${gid}" not found`);
    }
    access.authorize(caller, action, { domainName: project.domainName });
    return outcome(write);
  }

  /** Checks a project action; the member list is read only for a role whose reach is membership. */
  private async authorizeOn(
    caller: KeypairRecord,
    access: AccessPolicy,
    action: string,
    project: ProjectRecord,
  ): Promise<void> {
    const members =
      access.scopeOf(caller, action) === 'member'
        ? await this.db.identity.projects.members(project.id)
        : undefined;
    access.authorize(caller, action, { domainName: project.domainName, members });
  }
}

function projectChanges(props: GroupInput | ModifyGroupInput): ProjectChanges {
  const changes: ProjectChanges = {};
  if (props.description !== undefined && props.description !== null) changes.description = props.description;
  if (props.is_active !== undefined && props.is_active !== null) changes.isActive = props.is_active;
  if (props.total_resource_slots !== undefined && props.total_resource_slots !== null)
    changes.totalResourceSlots = userSlots(props.total_resource_slots, 'props.total_resource_slots');
  if (props.allowed_vfolder_hosts)
    changes.allowedVfolderHosts = checkHosts(props.allowed_vfolder_hosts, 'props.allowed_vfolder_hosts');
  if (props.integration_id !== undefined && props.integration_id !== null)
    changes.integrationId = props.integration_id;
  if (props.resource_policy !== undefined && props.resource_policy !== null)
    changes.resourcePolicy = props.resource_policy;
  return changes;
}
