import { inject, injectable } from 'tsyringe';
import { ConfigStore, Logger } from '@tessera/core';
import { MANAGER_STATUS_KEY } from '@tessera/manager';

/** Backend.AI's manager statuses that may be set (`terminated` and `preparing` are deprecated upstream). */
export const MANAGER_STATUSES = ['running', 'frozen'] as const;
export type ManagerStatus = (typeof MANAGER_STATUSES)[number];

/** Where the status lives in the config store: upstream's etcd key, shared by every manager. */
export { MANAGER_STATUS_KEY };

/**
 * The cluster's manager status (`running`, or `frozen` for maintenance). Kept in the config store
 * when the deployment has one, so every manager reads the same value; otherwise in this process.
 * An absent or unreadable value is `running`.
 */
@injectable()
export class ManagerStatusStore {
  private local: ManagerStatus = 'running';

  constructor(
    @inject(Logger) private readonly log: Logger,
    @inject(ConfigStore) private readonly store?: ConfigStore,
  ) {}

  async current(): Promise<ManagerStatus> {
    if (!this.store) return this.local;
    const value = await this.store.get(MANAGER_STATUS_KEY);
    return value === 'frozen' ? 'frozen' : 'running';
  }

  async set(status: ManagerStatus): Promise<void> {
    if (this.store) await this.store.put(MANAGER_STATUS_KEY, status);
    else this.local = status;
    this.log.info('manager status changed', { status });
  }
}
