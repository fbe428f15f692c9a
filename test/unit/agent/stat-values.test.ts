import { expect } from 'chai';
import { statValues } from '@tessera/agent';

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
});
