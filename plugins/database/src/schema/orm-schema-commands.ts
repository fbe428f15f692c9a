import type { DatabaseSchema, Logger } from '@tessera/core';
import type { OrmConnection } from '../orm/orm-connection';
import type { UnitOfWork } from '../orm/unit-of-work';

/** `Database.schema`: what `tessera schema migrate` asks of the open database. */
export class OrmSchemaCommands implements DatabaseSchema {
  constructor(
    private readonly connection: OrmConnection,
    private readonly work: UnitOfWork,
    private readonly log: Logger,
  ) {}

  pending(): Promise<string[]> {
    return this.work.guard(() => this.connection.pendingSchema());
  }

  async migrate(): Promise<string[]> {
    const applied = await this.work.guard(() => this.connection.migrateSchema());
    for (const name of applied) this.log.info('migration applied', { name, where: this.connection.location });
    return applied;
  }
}
