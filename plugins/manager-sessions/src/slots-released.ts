/**
 * Who wants to know that kernels gave slots back, by resource group: the scheduling loop (through
 * `SessionLifecycle.onSlotsReleased`) runs a pass then. One per manager, in the plugin's container.
 */
export class SlotsReleased {
  private readonly listeners = new Set<(resourceGroup: string) => void>();

  subscribe(listener: (resourceGroup: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(resourceGroup: string): void {
    for (const listener of this.listeners) listener(resourceGroup);
  }
}
