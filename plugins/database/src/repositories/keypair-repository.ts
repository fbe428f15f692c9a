import type { KeypairRecord, KeypairRepository } from '@tessera/core';
import { KeypairEntity } from '../entities';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toKeypairRecord } from '../records/keypair-record';

export class OrmKeypairRepository implements KeypairRepository {
  constructor(private readonly work: UnitOfWork) {}

  findByAccessKey(accessKey: string): Promise<KeypairRecord | null> {
    return this.work.read(async (em) => {
      const row = await em.findOne(KeypairEntity, { accessKey }, { populate: ['user', 'user.domain'] });
      return row ? toKeypairRecord(row) : null;
    });
  }

  touchLastUsed(accessKey: string, at: Date): Promise<void> {
    return this.work.read(async (em) => {
      await em.nativeUpdate(KeypairEntity, { accessKey }, { lastUsed: at });
    });
  }
}
