import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measuresFromStats, type DockerStats } from '@tessera/agent-backend-docker';
import { REPO_ROOT } from '../../support/plugin-sandbox';

/** Samples of `GET /containers/{id}/stats` (see fixtures/README.md for where each comes from). */
function sample(name: string): DockerStats {
  return JSON.parse(
    readFileSync(join(REPO_ROOT, 'test', 'unit', 'agent-backend-docker', 'fixtures', name), 'utf8'),
  ) as DockerStats;
}

describe('docker backend: kernel measures from Docker stats', () => {
  it('reads a cgroup v1 sample captured from the development engine', () => {
    expect(measuresFromStats(sample('stats-cgroup-v1.json'), 1)).to.deep.equal({
      cpuUsedMs: 107, // cpu_usage.total_usage 107280908 ns
      cpuLimit: 1,
      memBytes: 22155264, // usage - total_inactive_file (0 in this sample)
      memPeakBytes: 23416832, // max_usage
      memLimitBytes: 268435456,
      netRxBytes: 736,
      netTxBytes: 0,
      ioReadBytes: 0,
      ioWriteBytes: 0,
    });
  });

  it('takes total_inactive_file out of v1 memory use and sums v1 Read/Write entries over devices', () => {
    const v1 = sample('stats-cgroup-v1.json');
    v1.memory_stats!.stats = { ...v1.memory_stats!.stats, total_inactive_file: 4_000_000, inactive_file: 1 };
    v1.blkio_stats = {
      io_service_bytes_recursive: [
        { op: 'Read', value: 4096 },
        { op: 'Write', value: 8192 },
        { op: 'Sync', value: 8192 },
        { op: 'Async', value: 4096 },
        { op: 'Total', value: 12288 },
        { op: 'Read', value: 100 },
        { op: 'Write', value: 0 },
        { op: 'Total', value: 100 },
      ],
    };
    const measures = measuresFromStats(v1);
    expect(measures.memBytes).to.equal(22155264 - 4_000_000);
    expect(measures).to.include({ ioReadBytes: 4196, ioWriteBytes: 8192 });
    expect(measures).not.to.have.property('cpuLimit');
  });

  it('reads a cgroup v2 sample: inactive_file out of memory, no peak, lowercase io ops, every interface', () => {
    expect(measuresFromStats(sample('stats-cgroup-v2.json'), 0.5)).to.deep.equal({
      cpuUsedMs: 2318,
      cpuLimit: 0.5,
      memBytes: 61300736 - 11255808,
      memLimitBytes: 268435456,
      netRxBytes: 18342 + 1024,
      netTxBytes: 9276 + 512,
      ioReadBytes: 7258112 + 4096,
      ioWriteBytes: 1196032,
    });
  });

  it("leaves out what a stopped container's empty stats do not have", () => {
    expect(
      measuresFromStats({
        cpu_stats: { cpu_usage: { total_usage: 0 } },
        memory_stats: {},
        blkio_stats: { io_service_bytes_recursive: null },
      }),
    ).to.deep.equal({ cpuUsedMs: 0 });
  });
});
