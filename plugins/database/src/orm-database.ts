import type { Database, Logger } from '@tessera/core';
import type { Config } from './config.generated';
import { exampleFixtureDocument } from './fixtures/example-fixtures';
import { OrmFixtures } from './fixtures/orm-fixtures';
import { DatabaseErrors } from './orm/database-errors';
import { OrmConnection } from './orm/orm-connection';
import { ormTarget } from './orm/orm-options';
import { UnitOfWork } from './orm/unit-of-work';
import { OrmAgentRepository } from './repositories/agent-repository';
import { OrmIdentityRepositories } from './repositories/identity/identity-repositories';
import { OrmImageRepository } from './repositories/image-repository';
import { OrmKeypairRepository } from './repositories/keypair-repository';
import { OrmResourceGroupRepository } from './repositories/resource-group-repository';
import { OrmResourcePolicyRepository } from './repositories/resource-policy-repository';
import { OrmResourcePresetRepository } from './repositories/resource-preset-repository';
import { OrmSessionRepository } from './repositories/session-repository';
import { OrmVfolderRepository } from './repositories/vfolder-repository';
import { OrmSchemaCommands } from './schema/orm-schema-commands';

/**
 * The `database/v1` implementation on MikroORM. Constructing it does no I/O; `open` connects,
 * brings the schema up to date (SQLite) or checks that no migration is pending (PostgreSQL), and
 * inserts the example fixtures when asked; `close` disconnects.
 */
export class OrmDatabase implements Database {
  readonly keypairs: OrmKeypairRepository;
  readonly agents: OrmAgentRepository;
  readonly images: OrmImageRepository;
  readonly sessions: OrmSessionRepository;
  readonly resourcePolicies: OrmResourcePolicyRepository;
  readonly resourceGroups: OrmResourceGroupRepository;
  readonly resourcePresets: OrmResourcePresetRepository;
  readonly identity: OrmIdentityRepositories;
  readonly vfolders: OrmVfolderRepository;
  readonly schema: OrmSchemaCommands;
  readonly fixtures: OrmFixtures;
  private readonly connection = new OrmConnection();
  private readonly work = new UnitOfWork(this.connection);

  constructor(private readonly log: Logger) {
    this.keypairs = new OrmKeypairRepository(this.work);
    this.agents = new OrmAgentRepository(this.work);
    this.images = new OrmImageRepository(this.work, log);
    this.sessions = new OrmSessionRepository(this.work, log);
    this.resourcePolicies = new OrmResourcePolicyRepository(this.work);
    this.resourceGroups = new OrmResourceGroupRepository(this.work);
    this.resourcePresets = new OrmResourcePresetRepository(this.work);
    this.identity = new OrmIdentityRepositories(this.work);
    this.vfolders = new OrmVfolderRepository(this.work);
    this.schema = new OrmSchemaCommands(this.connection, this.work, log);
    this.fixtures = new OrmFixtures(this.work, log);
  }

  async open(config: Config, dataDir: string): Promise<void> {
    if (config.exampleFixtures && config.driver !== 'sqlite')
      throw DatabaseErrors.exampleFixturesRefused(config.driver);
    this.fixtures.allowExampleKeypair = config.driver === 'sqlite';
    const target = ormTarget(config, dataDir, this.log);
    await this.connection.open(target);
    this.log.info('database opened', { driver: config.driver, where: target.where });
    if (config.exampleFixtures) await this.fixtures.populate(exampleFixtureDocument());
  }

  async close(): Promise<void> {
    if (!this.connection.isOpen) return;
    await this.connection.close();
    this.log.info('database closed', { where: this.connection.location });
  }
}
