import type { BackendKernel, KernelCreationSpec } from '@tessera/core';
import type { CompletionRequester } from './execution/completion-requester';
import type { KernelExecutor } from './execution/kernel-executor';
import type { ServiceStarter } from './execution/service-starter';

/** A kernel this agent runs. */
export interface KernelRecord {
  spec: KernelCreationSpec;
  kernel: BackendKernel;
  executor: KernelExecutor;
  services: ServiceStarter;
  completions: CompletionRequester;
  /** Set once the kernel is on its way out (destroyed, or exited by itself); it takes no new work. */
  ending: boolean;
  /** The destroy in progress, shared by concurrent destroy calls. */
  destroying?: Promise<void>;
  /** The restart in progress (kernel, executor and helpers are replaced when it ends). */
  restarting?: Promise<void>;
}

/** The started kernels of this agent by id. */
export class KernelRegistry {
  private readonly records = new Map<string, KernelRecord>();

  add(record: KernelRecord): void {
    this.records.set(record.spec.kernelId, record);
  }

  get(kernelId: string): KernelRecord | undefined {
    return this.records.get(kernelId);
  }

  remove(kernelId: string): void {
    this.records.delete(kernelId);
  }

  ids(): string[] {
    return [...this.records.keys()];
  }
}
