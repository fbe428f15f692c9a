import { contractToken } from '../token';
import type { AgentRepository } from './agents';
import type { DatabaseFixtures } from './fixtures';
import type { IdentityRepositories } from './identity';
import type { ImageRepository } from './images';
import type { KeypairRepository } from './keypairs';
import type { ResourceGroupRepository } from './resource-groups';
import type { ResourcePolicyRepository } from './resource-policies';
import type { ResourcePresetRepository } from './resource-presets';
import type { DatabaseSchema } from './schema';
import type { SessionRepository } from './sessions';
import type { VfolderRepository } from './vfolders';

/**
 * database/v1: the domain model's persistence. Implementations (MikroORM on PostgreSQL or
 * SQLite) open connections in `init` and fork a unit of work per call; the repositories are safe
 * to use concurrently. Errors are TesseraErrors (`database-unavailable` when the server is gone).
 */
export interface Database {
  readonly keypairs: KeypairRepository;
  readonly agents: AgentRepository;
  readonly images: ImageRepository;
  readonly sessions: SessionRepository;
  readonly resourcePolicies: ResourcePolicyRepository;
  readonly resourceGroups: ResourceGroupRepository;
  readonly resourcePresets: ResourcePresetRepository;
  /** Domains, projects, users, keypairs and resource policies as the admin API manages them. */
  readonly identity: IdentityRepositories;
  /** Virtual folders, their grants and invitations. */
  readonly vfolders: VfolderRepository;
  readonly schema: DatabaseSchema;
  readonly fixtures: DatabaseFixtures;
}
export const Database = contractToken<Database>('database');
