import type {
  Accelerator,
  AcceleratorMeasurement,
  AcceleratorNodeMeasure,
  AgentBackend,
  EventBus,
  KernelMeasures,
  Logger,
  StatValue,
} from '@tessera/core';
import { coreCpuTimes, nodeMeasures } from './node-measures';
import { coreUtilization, decimal, statValues, type MeasureSample } from './stat-values';

/** Where the collector's measures come from (the host's /proc and clock unless given). */
export interface StatsCollectorOptions {
  measureNode?: () => Promise<KernelMeasures>;
  /** Each core's CPU time in ms, by core index. */
  measureCores?: () => Promise<Record<string, number>>;
  now?: () => number;
  /** Accelerators whose node measures join the node's (`cuda_mem`, `cuda_util`, ...). */
  accelerators?: readonly Accelerator[];
}

/**
 * Measures the node and the agent's kernels on each tick and publishes them as `agent_stats`.
 * Keeps each subject's previous sample for rates; forgets kernels that are gone.
 */
export class StatsCollector {
  private previousNode: MeasureSample | undefined;
  private previousCores: { at: number; cpuMs: Record<string, number> } | undefined;
  private readonly previousKernels = new Map<string, MeasureSample>();

  private readonly measureNode: () => Promise<KernelMeasures>;
  private readonly measureCores: () => Promise<Record<string, number>>;
  private readonly now: () => number;
  private readonly accelerators: readonly Accelerator[];

  constructor(
    private readonly agentId: string,
    private readonly backend: AgentBackend,
    private readonly eventBus: EventBus,
    private readonly kernelIds: () => string[],
    private readonly log: Logger,
    options: StatsCollectorOptions = {},
  ) {
    this.measureNode = options.measureNode ?? (() => nodeMeasures());
    this.measureCores = options.measureCores ?? (() => coreCpuTimes());
    this.now = options.now ?? Date.now;
    this.accelerators = options.accelerators ?? [];
  }

  async collect(): Promise<void> {
    const kernelIds = this.kernelIds();
    const [node, cores, devices, kernels] = await Promise.all([
      this.measureNode(),
      this.measureCores(),
      this.acceleratorMeasures(),
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
      node: { ...nodeStats, ...devices.node },
      devices: {
        ...nodeDevices(nodeStats, coreUtilization({ at, cpuMs: cores }, this.previousCores)),
        ...devices.devices,
      },
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

  /**
   * The accelerators' node measures (`cuda_mem`, `cuda_util`, ...) as live-stat values, node-wide
   * and per device. An accelerator whose measuring fails is left out of this report (logged).
   */
  private async acceleratorMeasures(): Promise<{
    node: Record<string, StatValue>;
    devices: Record<string, Record<string, StatValue>>;
  }> {
    const node: Record<string, StatValue> = {};
    const devices: Record<string, Record<string, StatValue>> = {};
    for (const accelerator of this.accelerators) {
      if (!accelerator.gatherNodeMeasures) continue;
      let measures: AcceleratorNodeMeasure[];
      try {
        measures = await accelerator.gatherNodeMeasures();
      } catch (error) {
        this.log.warn('accelerator measures failed', { accelerator: accelerator.key, error: String(error) });
        continue;
      }
      for (const measure of measures) {
        node[measure.key] = measuredValue(measure.perNode, measure.unitHint);
        devices[measure.key] = Object.fromEntries(
          Object.entries(measure.perDevice).map(([id, m]) => [id, measuredValue(m, measure.unitHint)]),
        );
      }
    }
    return { node, devices };
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

/** An accelerator's measurement as a live-stat value (percentage of its capacity when it has one). */
function measuredValue(measurement: AcceleratorMeasurement, unitHint: string): StatValue {
  const capacity = measurement.capacity;
  return {
    current: decimal(measurement.value),
    capacity: capacity === undefined ? null : decimal(capacity),
    pct: capacity ? decimal((measurement.value / capacity) * 100) : null,
    unit_hint: unitHint,
  };
}
