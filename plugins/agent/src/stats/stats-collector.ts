import type { AgentBackend, EventBus, KernelMeasures, Logger } from '@tessera/core';
import { nodeMeasures } from './node-measures';
import { statValues, type MeasureSample } from './stat-values';

/**
 * Measures the node and the agent's kernels on each tick and publishes them as `agent_stats`.
 * Keeps each subject's previous sample for rates; forgets kernels that are gone.
 */
export class StatsCollector {
  private previousNode: MeasureSample | undefined;
  private readonly previousKernels = new Map<string, MeasureSample>();

  constructor(
    private readonly agentId: string,
    private readonly backend: AgentBackend,
    private readonly eventBus: EventBus,
    private readonly kernelIds: () => string[],
    private readonly log: Logger,
    private readonly measureNode: () => Promise<KernelMeasures> = () => nodeMeasures(),
    private readonly now: () => number = Date.now,
  ) {}

  async collect(): Promise<void> {
    const kernelIds = this.kernelIds();
    const [node, kernels] = await Promise.all([
      this.measureNode(),
      kernelIds.length > 0
        ? this.backend.measureKernels(kernelIds)
        : Promise.resolve<Record<string, KernelMeasures>>({}),
    ]);
    const at = this.now();
    const nodeSample = { at, measures: node };
    const payload = {
      agentId: this.agentId,
      collectedAt: new Date(at).toISOString(),
      node: statValues(nodeSample, this.previousNode),
      kernels: {} as Record<string, ReturnType<typeof statValues>>,
    };
    this.previousNode = nodeSample;
    for (const [kernelId, measures] of Object.entries(kernels)) {
      const sample = { at, measures };
      payload.kernels[kernelId] = statValues(sample, this.previousKernels.get(kernelId));
      this.previousKernels.set(kernelId, sample);
    }
    for (const kernelId of this.previousKernels.keys()) {
      if (!(kernelId in kernels)) this.previousKernels.delete(kernelId);
    }
    await this.eventBus.publish('agent_stats', payload, this.agentId);
    this.log.debug('stats published', { kernels: Object.keys(payload.kernels).length });
  }
}
