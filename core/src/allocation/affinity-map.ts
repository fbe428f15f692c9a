import { AllocationError } from './allocation-errors';

/** A device as the affinity map sees it: its key (`cuda`, `cpu`, ...), id and NUMA node. */
export interface AffinityDevice {
  /** The device key, the text before the first `.` of its slots (`cuda` for `cuda.shares`). */
  readonly deviceName: string;
  readonly deviceId: string;
  /** null when the platform does not say; all such devices count as one node. */
  readonly numaNode: number | null;
}

/**
 * How the first device key of a run spreads over NUMA nodes: `INTERLEAVED` (the default) takes
 * devices from each node in turn, `PREFER_SINGLE_NODE` exhausts one node before the next.
 */
export const AffinityPolicy = {
  INTERLEAVED: 'INTERLEAVED',
  PREFER_SINGLE_NODE: 'PREFER_SINGLE_NODE',
} as const;
export type AffinityPolicy = (typeof AffinityPolicy)[keyof typeof AffinityPolicy];

/**
 * What one allocation run carries from slot to slot and from map to map: the devices the
 * previous slot got (null or empty before the first), so the next slot prefers devices on their
 * NUMA nodes. A map that allocates replaces `devices` with the devices it used.
 */
export interface AffinityHint {
  devices: readonly AffinityDevice[] | null;
  readonly affinityMap: AffinityMap;
  readonly policy: AffinityPolicy;
}

const nodeKey = (device: AffinityDevice) => `${device.deviceName}\u0000${device.deviceId}`;

/** Null-safe ascending order of NUMA nodes, unknown (null) last. */
const byNode = (a: number | null, b: number | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b;

/**
 * The NUMA distances between every pair of devices of every plugin (Backend.AI's `AffinityMap`):
 * 0 between devices on the same node, 1 otherwise. With only these two weights the device clusters
 * at the lowest distance are simply the devices of one key grouped by node, so no graph is kept;
 * device order (the order given to `build`) breaks every tie, where upstream used set order.
 */
export class AffinityMap {
  private readonly byKey = new Map<string, AffinityDevice>();

  private constructor(readonly devices: readonly AffinityDevice[]) {
    for (const device of devices) this.byKey.set(nodeKey(device), device);
  }

  static build(devices: Iterable<AffinityDevice>): AffinityMap {
    return new AffinityMap(Object.freeze([...devices].map((device) => Object.freeze({ ...device }))));
  }

  distance(a: AffinityDevice, b: AffinityDevice): number {
    return a.numaNode === b.numaNode ? 0 : 1;
  }

  find(deviceName: string, deviceId: string): AffinityDevice | undefined {
    return this.byKey.get(`${deviceName}\u0000${deviceId}`);
  }

  deviceNames(): string[] {
    return [...new Set(this.devices.map((device) => device.deviceName))];
  }

  /**
   * The devices named `deviceName` in clusters at the lowest distance (one per NUMA node), the
   * largest first; for the first slot of a run. Throws when the map has no such device, which
   * means the map was built without one plugin's devices.
   */
  clustersWithLowestDistance(deviceName: string): AffinityDevice[][] {
    const clusters = new Map<number | null, AffinityDevice[]>();
    for (const device of this.devices) {
      if (device.deviceName !== deviceName) continue;
      const cluster = clusters.get(device.numaNode);
      if (cluster) cluster.push(device);
      else clusters.set(device.numaNode, [device]);
    }
    if (clusters.size === 0) throw AllocationError.affinityMapLacks(deviceName, this.deviceNames());
    return [...clusters.values()].sort((a, b) => b.length - a.length);
  }

  /**
   * For a later slot of a run: one primary cluster per NUMA node of `sources` (the devices the
   * previous slot got), holding the `deviceName` devices on that node, and the rest as secondary.
   */
  distanceOrderedNeighbors(
    sources: readonly AffinityDevice[],
    deviceName: string,
  ): { primary: AffinityDevice[][]; secondary: AffinityDevice[] } {
    const nodes = [...new Set(sources.map((device) => device.numaNode))].sort(byNode);
    const named = this.devices.filter((device) => device.deviceName === deviceName);
    if (named.length === 0) throw AllocationError.affinityMapLacks(deviceName, this.deviceNames());
    const primary = nodes.map((node) => named.filter((device) => device.numaNode === node));
    const secondary = named.filter((device) => !nodes.includes(device.numaNode));
    return { primary, secondary };
  }
}
