import { DomainAdmin } from './domains';
import type { GraphqlCaller } from './graphql-operation';
import { KeypairAdmin } from './keypairs';
import { ResourcePresetAdmin } from './presets';
import { ProjectAdmin } from './projects';
import {
  keypairResourcePolicies,
  projectResourcePolicies,
  userResourcePolicies,
  type KeypairResourcePolicy,
  type KeypairResourcePolicyProps,
  type ProjectResourcePolicy,
  type ProjectResourcePolicyProps,
  type ResourcePolicyAdmin,
  type UserResourcePolicy,
  type UserResourcePolicyProps,
} from './resource-policies';
import { UserAdmin } from './users';

/** Every admin area of the GraphQL API (`client.admin`). */
export class AdminApi {
  readonly domains: DomainAdmin;
  readonly projects: ProjectAdmin;
  readonly users: UserAdmin;
  readonly keypairs: KeypairAdmin;
  readonly resourcePresets: ResourcePresetAdmin;
  readonly keypairResourcePolicies: ResourcePolicyAdmin<KeypairResourcePolicy, KeypairResourcePolicyProps>;
  readonly userResourcePolicies: ResourcePolicyAdmin<UserResourcePolicy, UserResourcePolicyProps>;
  readonly projectResourcePolicies: ResourcePolicyAdmin<ProjectResourcePolicy, ProjectResourcePolicyProps>;

  constructor(caller: GraphqlCaller) {
    this.domains = new DomainAdmin(caller);
    this.projects = new ProjectAdmin(caller);
    this.users = new UserAdmin(caller);
    this.keypairs = new KeypairAdmin(caller);
    this.resourcePresets = new ResourcePresetAdmin(caller);
    this.keypairResourcePolicies = keypairResourcePolicies(caller);
    this.userResourcePolicies = userResourcePolicies(caller);
    this.projectResourcePolicies = projectResourcePolicies(caller);
  }
}
