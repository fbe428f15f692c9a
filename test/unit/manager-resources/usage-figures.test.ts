import { expect } from 'chai';
import type { ListedKernel, ListedSession } from '@tessera/core';
import {
  monthlyStats,
  pythonTimedelta,
  STATS_BIN_MS,
  usageReport,
  type UsedKernel,
} from '@tessera/manager-resources';

describe('usage figures', () => {
  it("writes durations as Python's str(timedelta)", () => {
    expect(pythonTimedelta(0)).to.equal('0:00:00');
    expect(pythonTimedelta(3_723_500)).to.equal('1:02:03.500000');
    expect(pythonTimedelta(86_400_000 + 1000)).to.equal('1 day, 0:00:01');
    expect(pythonTimedelta(3 * 86_400_000)).to.equal('3 days, 0:00:00');
  });

  const now = new Date('2026-06-30T12:00:00Z');
  const used = (
    id: string,
    group: string,
    from: string,
    to: string | null,
    slots: Record<string, string>,
    lastStat: Record<string, unknown> | null = null,
  ): UsedKernel => ({
    kernel: {
      id,
      createdAt: new Date(from),
      terminatedAt: to ? new Date(to) : null,
      statusChanged: new Date(to ?? from),
      status: to ? 'TERMINATED' : 'RUNNING',
      occupiedSlots: slots,
      lastStat,
      image: 'python:3',
      agentId: 'a1',
      containerId: 'c1',
      resourceOpts: { shmem: '1024' },
    } as unknown as ListedKernel,
    session: {
      name: `s-${id}`,
      domainName: 'default',
      groupName: group,
      groupId: `${group}-id`,
      accessKey: 'AK',
      userEmail: 'u@x',
      statusHistory: {},
    } as unknown as ListedSession,
  });

  it('groups kernels by project with sums, in the order the kernels ended (running ones last)', () => {
    const report = usageReport([
      used('k2', 'a', '2026-06-30T10:00:00Z', null, { cpu: '2', mem: '200' }),
      used(
        'k1',
        'a',
        '2026-06-29T23:00:00Z',
        '2026-06-30T01:00:00Z',
        { cpu: '1', mem: '100' },
        {
          cpu_used: { current: '1500' },
          io_read: { current: '10' },
          io_scratch_size: { 'stats.max': '7' },
        },
      ),
      used('k3', 'b', '2026-06-30T00:00:00Z', '2026-06-30T00:30:00Z', { cpu: '1', 'cuda.shares': '0.5' }),
    ]);
    expect(
      report.map((p) => [p.g_name, p.g_cpu_allocated, p.g_mem_allocated, p.c_infos.map((c) => c.id)]),
    ).to.deep.equal([
      ['b', 1, 0, ['k3']],
      ['a', 3, 300, ['k1', 'k2']],
    ]);
    const k1 = report[1]!.c_infos[0]!;
    expect(k1).to.deep.include({
      used_time: '2:00:00',
      used_days: 2,
      cpu_used: 1500,
      io_read: 10,
      disk_used: 7,
      shared_memory: 1024,
    });
    expect(report[0]!.g_gpu_allocated).to.equal(0.5);
  });

  it('bins ended kernels into 15-minute bins over 30 days', () => {
    const bins = monthlyStats(
      [
        used('k1', 'a', '2026-06-30T11:00:00Z', '2026-06-30T11:20:00Z', { cpu: '1', mem: '100' }),
        used('k2', 'a', '2026-06-30T11:10:00Z', null, { cpu: '5' }),
      ],
      now,
    );
    expect(bins).to.have.length(2880);
    const at = (iso: string) =>
      bins.find(
        (bin) => bin.date * 1000 <= Date.parse(iso) && Date.parse(iso) < bin.date * 1000 + STATS_BIN_MS,
      )!;
    expect(at('2026-06-30T11:05:00Z').num_sessions.value).to.equal(1);
    expect(at('2026-06-30T11:05:00Z').cpu_allocated.value).to.equal(1);
    expect(at('2026-06-30T11:25:00Z').num_sessions.value).to.equal(1);
    expect(at('2026-06-30T11:45:00Z').num_sessions.value).to.equal(0);
  });
});
