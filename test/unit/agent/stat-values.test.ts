import { expect } from 'chai';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  gpuNodeMeasures,
  type Accelerator,
  type AgentBackend,
  type EventBus,
  type StatValue,
} from '@tessera/core';
import { coreCpuTimes, coreUtilization, statValues, StatsCollector } from '@tessera/agent';

describe('agent: measures in Backend.AI last_stat form', () => {
  it('reports gauges with their capacity and percentage, and no rates on a first sample', () => {
    const stats = statValues({
      at: 1_000,
      measures: {
        cpuUsedMs: 1500,
        cpuLimit: 2,
        memBytes: 256 * 1024 ** 2,
        memLimitBytes: 1024 ** 3,
        memPeakBytes: 300 * 1024 ** 2,
      },
    });
    expect(stats.cpu_used).to.deep.equal({ current: '1500', capacity: null, pct: null, unit_hint: 'msec' });
    expect(stats).to.not.have.property('cpu_util');
    expect(stats.mem).to.deep.equal({
      current: String(256 * 1024 ** 2),
      capacity: String(1024 ** 3),
      pct: '25',
      unit_hint: 'bytes',
      'stats.max': String(300 * 1024 ** 2),
    });
  });

  it('turns counters into rates against the previous sample', () => {
    const previous = {
      at: 10_000,
      measures: { cpuUsedMs: 1000, cpuLimit: 2, netRxBytes: 1000, ioWriteBytes: 0 },
    };
    // 2 s later: 3 s of CPU time used = 150 % of one core, 75 % of the 2-core limit.
    const stats = statValues(
      { at: 12_000, measures: { cpuUsedMs: 4000, cpuLimit: 2, netRxBytes: 5000, ioWriteBytes: 4096 } },
      previous,
    );
    expect(stats.cpu_util).to.deep.equal({
      current: '150',
      capacity: '200',
      pct: '75',
      unit_hint: 'percent',
    });
    expect(stats.net_rx).to.deep.include({ current: '5000', 'stats.rate': '2000' });
    expect(stats.io_write).to.deep.include({ current: '4096', 'stats.rate': '2048' });
  });

  it('never reports a negative rate when a counter went back (a restarted container)', () => {
    const stats = statValues(
      { at: 2_000, measures: { netTxBytes: 10 } },
      { at: 1_000, measures: { netTxBytes: 500 } },
    );
    expect(stats.net_tx!['stats.rate']).to.equal('0');
  });

  it('leaves out what the backend cannot measure', () => {
    expect(statValues({ at: 0, measures: {} })).to.deep.equal({});
  });

  it("reads each core's CPU time from /proc/stat (ticks of user, nice, system, irq, softirq, steal)", async () => {
    const proc = mkdtempSync(join(tmpdir(), 'tessera-proc-'));
    try {
      writeFileSync(
        join(proc, 'stat'),
        [
          'cpu  300 0 100 5000 10 0 0 0 0 0',
          'cpu0 200 0 50 2500 5 0 0 0 0 0',
          'cpu1 100 0 50 2500 5 1 2 3 0 0',
          'intr 12345',
        ].join('\n'),
      );
      expect(await coreCpuTimes(proc)).to.deep.equal({ '0': 2500, '1': 1560 });
      mkdirSync(join(proc, 'empty'));
      expect(await coreCpuTimes(join(proc, 'empty'))).to.deep.equal({});
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it('turns per-core CPU time into per-core utilisation, capped at one core, none on a first sample', () => {
    const first = { at: 10_000, cpuMs: { '0': 1_000, '1': 5_000 } };
    expect(coreUtilization(first, undefined)).to.equal(undefined);
    const second = { at: 12_000, cpuMs: { '0': 2_000, '1': 5_100, '2': 40 } };
    expect(coreUtilization(second, first)).to.deep.equal({
      '0': { current: '50', capacity: '100', pct: '50', unit_hint: 'percent' },
      '1': { current: '5', capacity: '100', pct: '5', unit_hint: 'percent' },
    });
    expect(coreUtilization({ at: 11_000, cpuMs: { '0': 9_000 } }, first)!['0']!.pct).to.equal('100');
  });

  it("publishes the node's per-device measures as Backend.AI's live stat has them (cpu_util per core, mem of root, accelerators')", async () => {
    const published: Array<Record<string, unknown>> = [];
    const bus = {
      publish: async (_event: string, payload: Record<string, unknown>) => void published.push(payload),
    };
    const backend = { measureKernels: async () => ({}) } as unknown as AgentBackend;
    const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
    let at = 0;
    let coreMs = 0;
    // An accelerator with node measures, and one whose measuring fails (left out, not fatal).
    const GPU = {
      key: 'cuda',
      gatherNodeMeasures: async () =>
        gpuNodeMeasures(
          'cuda',
          { 'GPU-0': { value: 512, capacity: 2048 } },
          {
            'GPU-0': { value: 30, capacity: 100 },
          },
        ),
    } as unknown as Accelerator;
    const BROKEN = {
      key: 'npu',
      gatherNodeMeasures: async () => {
        throw new Error('npu-smi failed');
      },
    } as unknown as Accelerator;
    const collector = new StatsCollector(
      'i-test',
      backend,
      bus as unknown as EventBus,
      () => [],
      quiet as never,
      {
        measureNode: async () => ({
          cpuUsedMs: coreMs * 2,
          cpuLimit: 2,
          memBytes: 512,
          memLimitBytes: 1024,
          netRxBytes: 1_000 + coreMs * 8,
          netTxBytes: 500,
        }),
        now: () => at,
        measureCores: async () => ({ '0': coreMs, '1': coreMs }),
        accelerators: [GPU, BROKEN],
      },
    );
    await collector.collect();
    at = 1_000;
    coreMs = 250;
    await collector.collect();
    const [first, second] = published as Array<{
      node: Record<string, StatValue>;
      devices: Record<string, unknown>;
    }>;
    const idle = { current: '0', capacity: null, pct: null, unit_hint: 'bps', 'stats.rate': '0' };
    expect(first!.node).to.not.have.property('cpu_used');
    expect(first!.node['net_rx']).to.deep.equal(idle);
    const cudaMem = { current: '512', capacity: '2048', pct: '25', unit_hint: 'bytes' };
    const cudaUtil = { current: '30', capacity: '100', pct: '30', unit_hint: 'percent' };
    expect(first!.node['cuda_mem']).to.deep.equal(cudaMem);
    expect(first!.devices).to.deep.equal({
      mem: { root: first!.node['mem'] },
      net_rx: { node: idle },
      net_tx: { node: idle },
      cuda_mem: { 'GPU-0': cudaMem },
      cuda_util: { 'GPU-0': cudaUtil },
    });
    expect(second!.node['cpu_util']).to.include({ current: '50', pct: '25' });
    // 2,000 bytes received in the second: a rate in bytes per second, as upstream's `bps`.
    expect(second!.node['net_rx']).to.deep.equal({ ...idle, current: '2000', 'stats.rate': '2000' });
    expect(second!.devices).to.deep.equal({
      cpu_util: {
        '0': { current: '25', capacity: '100', pct: '25', unit_hint: 'percent' },
        '1': { current: '25', capacity: '100', pct: '25', unit_hint: 'percent' },
      },
      mem: { root: second!.node['mem'] },
      net_rx: { node: second!.node['net_rx'] },
      net_tx: { node: idle },
      cuda_mem: { 'GPU-0': cudaMem },
      cuda_util: { 'GPU-0': cudaUtil },
    });
  });
});
