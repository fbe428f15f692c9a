import { inject, injectable } from 'tsyringe';
import { KeyedSerialQueue } from './keyed-serial-queue';
import type { SessionLifecycle } from './session-lifecycle';
import { SessionStatusWriter } from './session-status-writer';
import { SlotTypeRegistry } from './slot-type-registry';
import { SlotsReleased } from './slots-released';

/** The `session-lifecycle` service: the plugin's own writer, queue and slot types, shared. */
@injectable()
export class SessionLifecycleService implements SessionLifecycle {
  constructor(
    @inject(SessionStatusWriter) readonly writer: SessionStatusWriter,
    @inject(KeyedSerialQueue) readonly queue: KeyedSerialQueue,
    @inject(SlotTypeRegistry) readonly slotTypes: SlotTypeRegistry,
    @inject(SlotsReleased) private readonly slotsReleased: SlotsReleased,
  ) {}

  onSlotsReleased(listener: (resourceGroup: string) => void): () => void {
    return this.slotsReleased.subscribe(listener);
  }
}
