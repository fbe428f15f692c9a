import type Decimal from 'decimal.js';
import type { DeviceAllocation } from '../domain/kernel-spec';
import type { AllocateOptions, AllocMap, AllocMapCheckpoint } from './alloc-map';
import { type AffinityHint, type AffinityMap, AffinityPolicy } from './affinity-map';
import { type SlotRequest, parseAmount } from './allocation-amounts';
import { AllocationError, InsufficientResource } from './allocation-errors';

/** The agent's default `allocation-order`: accelerators first, so that CPU cores follow the GPUs. */
export const DEFAULT_ALLOCATION_ORDER: readonly string[] = Object.freeze([
  'cuda',
  'rocm',
  'tpu',
  'cpu',
  'mem',
]);

export interface AllocateInOrderOptions {
  /** Device keys in the order their maps are visited; every requested key must be listed. */
  order?: readonly string[];
  /** When given, each map's devices are chosen near those of the maps visited before it. */
  affinityMap?: AffinityMap;
  /** How the first map spreads over NUMA nodes; `INTERLEAVED` when omitted. */
  affinityPolicy?: AffinityPolicy;
  /** false when the resource group disallows fragmented fractional allocations. */
  allowFractionalResourceFragmentation?: boolean;
}

/** The device key of a slot name: the text before the first `.` (`cuda` for `cuda.shares`). */
export const deviceKeyOf = (slot: string): string => slot.split('.', 1)[0]!;

/**
 * Allocates a kernel's whole request over the agent's maps (upstream's agent-level `allocate`):
 * the slots are grouped by device key and the maps visited in `order`, each map's devices passed
 * as the affinity hint of the next. All or nothing: when any map refuses, every map visited is
 * rolled back and the error is thrown. Returns each device key's allocation.
 */
export function allocateInOrder(
  maps: ReadonlyMap<string, AllocMap> | Readonly<Record<string, AllocMap>>,
  request: SlotRequest,
  options: AllocateInOrderOptions = {},
): Record<string, DeviceAllocation> {
  const order = options.order ?? DEFAULT_ALLOCATION_ORDER;
  const mapOf = (key: string) =>
    maps instanceof Map ? maps.get(key) : (maps as Record<string, AllocMap>)[key];
  const byKey = new Map<string, Record<string, Decimal>>();
  for (const [slot, value] of Object.entries(request)) {
    const amount = parseAmount(slot, value);
    if (amount.isZero()) continue;
    const key = deviceKeyOf(slot);
    if (!order.includes(key)) throw AllocationError.deviceKeyNotInOrder(key, order);
    if (!mapOf(key))
      throw new InsufficientResource(slot, amount, 0, key, `this agent has no device "${key}"`);
    (byKey.get(key) ?? byKey.set(key, {}).get(key)!)[slot] = amount;
  }
  const keys = [...byKey.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const checkpoints: AllocMapCheckpoint[] = keys.map((key) => mapOf(key)!.checkpoint());
  let hint: AffinityHint | undefined = options.affinityMap
    ? {
        devices: null,
        affinityMap: options.affinityMap,
        policy: options.affinityPolicy ?? AffinityPolicy.INTERLEAVED,
      }
    : undefined;
  const result: Record<string, DeviceAllocation> = {};
  try {
    for (const key of keys) {
      const mapOptions: AllocateOptions = {
        affinityHint: hint,
        contextTag: key,
        allowFragmentation: options.allowFractionalResourceFragmentation ?? true,
      };
      const allocation: DeviceAllocation = mapOf(key)!.allocate(byKey.get(key)!, mapOptions);
      result[key] = allocation;
      if (hint) {
        const devices = Object.values(allocation)
          .flatMap((perDevice) => Object.keys(perDevice))
          .map((deviceId) => hint!.affinityMap.find(key, deviceId))
          .filter((device) => device !== undefined);
        hint = { devices, affinityMap: hint.affinityMap, policy: hint.policy };
      }
    }
  } catch (error) {
    for (const checkpoint of checkpoints) checkpoint.map.rollback(checkpoint);
    throw error;
  }
  return result;
}
