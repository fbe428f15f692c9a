import type { Database, Logger } from '@tessera/core';
import type { Config } from './config.generated';
import { insertExampleFixtures } from './fixtures/example-fixtures';
import { DatabaseErrors } from './orm/database-errors';
import { OrmConnection } from './orm/orm-connection';
import { ormTarget } from './orm/orm-options';
import { UnitOfWork } from './orm/unit-of-work';
import { OrmAgentRepository } from './repositories/agent-repository';
import { OrmImageRepository } from './repositories/image-repository';
import { OrmKeypairRepository } from './repositories/keypair-repository';
import { OrmSessionRepository } from './repositories/session-repository';

/**
 * The `database/v1` implementation on MikroORM. Constructing it does no I/O; `open` connects,
 * updates the schema and inserts the example fixtures when asked; `close` disconnects.
 */
export class OrmDatabase implements Database {
  readonly keypairs: OrmKeypairRepository;
  readonly agents: OrmAgentRepository;
  readonly images: OrmImageRepository;
  readonly sessions: OrmSessionRepository;
  private readonly connection = new OrmConnection();
  private readonly work = new UnitOfWork(this.connection);

  constructor(private readonly log: Logger) {
    this.keypairs = new OrmKeypairRepository(this.work);
    this.agents = new OrmAgentRepository(this.work);
    this.images = new OrmImageRepository(this.work, log);
    this.sessions = new OrmSessionRepository(this.work, log);
  }

  async open(config: Config, dataDir: string): Promise<void> {
    if (config.exampleFixtures && config.driver !== 'sqlite')
      throw DatabaseErrors.exampleFixturesRefused(config.driver);
    const target = ormTarget(config, dataDir, this.log);
    await this.connection.open(target);
    this.log.info('database opened', { driver: config.driver, where: target.where });
    if (config.exampleFixtures) {
      const inserted = await this.work.transaction(insertExampleFixtures);
      if (inserted.length) this.log.info('example fixtures inserted', { rows: inserted });
    }
  }

  /** The SQL a schema update would still run against the open database; empty when in sync. */
  schemaDrift(): Promise<string> {
    return this.connection.schemaDrift();
  }

  async close(): Promise<void> {
    if (!this.connection.isOpen) return;
    await this.connection.close();
    this.log.info('database closed', { where: this.connection.location });
  }
}
