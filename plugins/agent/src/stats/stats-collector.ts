import type { AgentBackend, EventBus, KernelMeasures, Logger, StatValue } from '@tessera/core';
import { coreCpuTimes, nodeMeasures } from './node-measures';
import { coreUtilization, statValues, type MeasureSample } from './stat-values';

/**
 * Measures the node and the agent's kernels on each tick and publishes them as `agent_stats`.
 * Keeps each subject's previous sample for rates; forgets kernels that are gone.
 */
export class StatsCollector {
  private previousNode: MeasureSample | undefined;
  private previousCores: { at: number; cpuMs: Record<string, number> } | undefined;
  private readonly previousKernels = new Map<string, MeasureSample>();

  constructor(
    private readonly agentId: string,
    private readonly backend: AgentBackend,
    private readonly eventBus: EventBus,
    private readonly kernelIds: () => string[],
    private readonly log: Logger,
    private readonly measureNode: () => Promise<KernelMeasures> = () => nodeMeasures(),
    private readonly now: () => number = Date.now,
    private readonly measureCores: () => Promise<Record<string, number>> = () => coreCpuTimes(),
  ) {}

  async collect(): Promise<void> {
    const kernelIds = this.kernelIds();
    const [node, cores, kernels] = await Promise.all([
      this.measureNode(),
      this.measureCores(),
      kernelIds.length > 0
        ? this.backend.measureKernels(kernelIds)
        : Promise.resolve<Record<string, KernelMeasures>>({}),
    ]);
    const at = this.now();
    const nodeSample = { at, measures: node };
    const nodeStats = nodeStatsOf(statValues(nodeSample, this.previousNode));
    const payload = {
      agentId: this.agentId,
      collectedAt: new Date(at).toISOString(),
      node: nodeStats,
      devices: nodeDevices(nodeStats, coreUtilization({ at, cpuMs: cores }, this.previousCores)),
      kernels: {} as Record<string, ReturnType<typeof statValues>>,
    };
    this.previousNode = nodeSample;
    this.previousCores = { at, cpuMs: cores };
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

/**
 * The node's measures as Backend.AI's agents report theirs: `cpu_util`, `mem`, and network traffic
 * as rates (`net_rx`, `net_tx` in bytes per second, unit `bps`, 0 until a previous sample gives a
 * rate); no `cpu_used` (a kernel measure). Clients format each by its unit (upstream's CLI reads a
 * `bytes` measure's capacity, which a traffic counter does not have).
 */
function nodeStatsOf(stats: Record<string, StatValue>): Record<string, StatValue> {
  const node: Record<string, StatValue> = {};
  for (const [name, stat] of Object.entries(stats)) {
    if (name === 'cpu_used') continue;
    if (name === 'net_rx' || name === 'net_tx') {
      const rate = stat['stats.rate'] ?? '0';
      node[name] = { current: rate, capacity: null, pct: null, unit_hint: 'bps', 'stats.rate': rate };
    } else {
      node[name] = stat;
    }
  }
  return node;
}

/**
 * The node's per-device measures, as Backend.AI's live stat `devices` has them: `cpu_util` per core
 * (once a previous sample gives rates, when the node's `cpu_util` appears too), `mem` of the one
 * memory device, `root`, and network traffic of the device `node`.
 */
function nodeDevices(
  node: Record<string, StatValue>,
  cores: Record<string, StatValue> | undefined,
): Record<string, Record<string, StatValue>> {
  const devices: Record<string, Record<string, StatValue>> = {};
  if (cores && Object.keys(cores).length > 0) devices['cpu_util'] = cores;
  if (node['mem']) devices['mem'] = { root: node['mem'] };
  for (const name of ['net_rx', 'net_tx']) if (node[name]) devices[name] = { node: node[name]! };
  return devices;
}
