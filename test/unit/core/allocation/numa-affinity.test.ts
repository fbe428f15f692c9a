import { expect } from 'chai';
import {
  AffinityMap,
  type AllocMap,
  allocateInOrder,
  DEFAULT_ALLOCATION_ORDER,
  type AffinityPolicy,
  type DeviceAllocation,
} from '@tessera/core';
import {
  type Expectation,
  type MapSpec,
  buildAffinity,
  buildMap,
  expectOutcome,
  loadAllocationFixture,
} from './allocation-fixtures';

interface NumaCase {
  name: string;
  host: string;
  affinity: AffinityPolicy | null;
  order?: string[];
  allowFragmentation?: boolean;
  prior?: Record<string, DeviceAllocation>;
  request: Record<string, string>;
  expect: Expectation;
}

describe('allocation maps: allocation order and NUMA affinity', () => {
  const fixture = loadAllocationFixture<{
    hosts: Record<string, Record<string, MapSpec>>;
    cases: NumaCase[];
  }>('numa');
  for (const testCase of fixture.cases) {
    it(testCase.name, () => {
      const specs = fixture.hosts[testCase.host]!;
      const maps = new Map<string, AllocMap>(
        Object.entries(specs).map(([key, spec]) => [key, buildMap(spec)]),
      );
      for (const [key, allocation] of Object.entries(testCase.prior ?? {}))
        maps.get(key)!.applyAllocation(allocation);
      const books = () => Object.fromEntries([...maps].map(([key, map]) => [key, map.allocated()]));
      expectOutcome(
        () =>
          allocateInOrder(maps, testCase.request, {
            order: testCase.order,
            affinityMap: testCase.affinity ? buildAffinity(specs) : undefined,
            affinityPolicy: testCase.affinity ?? undefined,
            allowFractionalResourceFragmentation: testCase.allowFragmentation,
          }),
        testCase.expect,
        books,
      );
    });
  }

  it('visits cuda, rocm, tpu, cpu, mem by default', () => {
    expect(DEFAULT_ALLOCATION_ORDER).to.deep.equal(['cuda', 'rocm', 'tpu', 'cpu', 'mem']);
  });

  it('builds clusters per NUMA node, the largest first, and neighbours by node', () => {
    const affinity = AffinityMap.build([
      { deviceName: 'cuda', deviceId: '0', numaNode: 0 },
      { deviceName: 'cuda', deviceId: '1', numaNode: 1 },
      { deviceName: 'cuda', deviceId: '2', numaNode: 1 },
      { deviceName: 'cpu', deviceId: '0', numaNode: 0 },
      { deviceName: 'cpu', deviceId: '1', numaNode: 1 },
    ]);
    const ids = (devices: Array<{ deviceId: string }>) => devices.map((d) => d.deviceId);
    expect(affinity.clustersWithLowestDistance('cuda').map(ids)).to.deep.equal([['1', '2'], ['0']]);
    expect(affinity.distance(affinity.find('cuda', '0')!, affinity.find('cpu', '0')!)).to.equal(0);
    expect(affinity.distance(affinity.find('cuda', '0')!, affinity.find('cpu', '1')!)).to.equal(1);
    const { primary, secondary } = affinity.distanceOrderedNeighbors([affinity.find('cuda', '2')!], 'cpu');
    expect(primary.map(ids)).to.deep.equal([['1']]);
    expect(ids(secondary)).to.deep.equal(['0']);
  });

  it('refuses to order devices an affinity map was built without, naming them', () => {
    const affinity = AffinityMap.build([{ deviceName: 'cuda', deviceId: '0', numaNode: 0 }]);
    expect(() => affinity.clustersWithLowestDistance('cpu'))
      .to.throw(/no device named "cpu" \(it has: cuda\)/)
      .with.property('code', 'resource-error');
  });
});
