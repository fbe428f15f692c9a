import { AgentAdmin } from './agents';
import { DomainAdmin } from './domains';
import type { GraphqlCaller } from './graphql-operation';
import { ImageAdmin } from './images';
import { KeypairAdmin } from './keypairs';
import { ResourcePresetAdmin } from './presets';
import { ProjectAdmin } from './projects';
import { ContainerRegistryAdmin } from './registries';
import { ResourceGroupAdmin } from './resource-groups';
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
import { SessionAdmin } from './sessions';
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
  readonly agents: AgentAdmin;
  readonly sessions: SessionAdmin;
  readonly containerRegistries: ContainerRegistryAdmin;
  readonly resourceGroups: ResourceGroupAdmin;
  readonly images: ImageAdmin;

  constructor(caller: GraphqlCaller) {
    this.domains = new DomainAdmin(caller);
    this.projects = new ProjectAdmin(caller);
    this.users = new UserAdmin(caller);
    this.keypairs = new KeypairAdmin(caller);
    this.resourcePresets = new ResourcePresetAdmin(caller);
    this.keypairResourcePolicies = keypairResourcePolicies(caller);
    this.userResourcePolicies = userResourcePolicies(caller);
    this.projectResourcePolicies = projectResourcePolicies(caller);
    this.agents = new AgentAdmin(caller);
    this.sessions = new SessionAdmin(caller);
    this.containerRegistries = new ContainerRegistryAdmin(caller);
    this.resourceGroups = new ResourceGroupAdmin(caller);
    this.images = new ImageAdmin(caller);
  }
}
