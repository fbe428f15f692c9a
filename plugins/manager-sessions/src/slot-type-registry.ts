import { inject, injectable } from 'tsyringe';
import { ConfigStore, INTRINSIC_SLOT_TYPES, Logger, type SlotType, type SlotTypeMap } from '@tessera/core';

const STORE_PREFIX = 'config/resource_slots/';
const SLOT_TYPES: ReadonlySet<string> = new Set(['count', 'bytes', 'unique']);

/**
 * The slot types agents report in heartbeats (`cuda.device: count`, `mem: bytes`, ...), which
 * user resource requests are parsed against. Kept in memory and, when the deployment has a config
 * store, under `config/resource_slots/<slot>` as Backend.AI does, so every manager sees the types
 * even though each heartbeat reaches only one of them.
 */
@injectable()
export class SlotTypeRegistry {
  private readonly known = new Map<string, SlotType>(Object.entries(INTRINSIC_SLOT_TYPES));

  constructor(
    @inject(Logger) private readonly log: Logger,
    @inject(ConfigStore) private readonly store?: ConfigStore,
  ) {}

  async learn(types: Record<string, SlotType>): Promise<void> {
    for (const [slot, type] of Object.entries(types)) {
      if (this.known.get(slot) === type) continue;
      this.known.set(slot, type);
      this.log.info('resource slot type registered', { slot, type });
      await this.store?.put(STORE_PREFIX + slot, type);
    }
  }

  async current(): Promise<SlotTypeMap> {
    if (this.store) {
      for (const [key, value] of await this.store.list(STORE_PREFIX)) {
        const slot = key.slice(key.indexOf(STORE_PREFIX) + STORE_PREFIX.length);
        if (slot && SLOT_TYPES.has(value) && !this.known.has(slot)) this.known.set(slot, value as SlotType);
      }
    }
    return Object.fromEntries(this.known);
  }
}
