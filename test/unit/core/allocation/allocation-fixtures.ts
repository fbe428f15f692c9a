import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  AffinityMap,
  type AllocMap,
  type AllocationStrategy,
  type DeviceAllocation,
  DiscreteAllocMap,
  FractionAllocMap,
  type SlotType,
  TesseraError,
} from '@tessera/core';

/** Reads `test/fixtures/allocation/<name>.json` (from the compiled test folder). */
export function loadAllocationFixture<T>(name: string): T {
  const path = join(
    __dirname,
    '..',
    '..',
    '..',
    '..',
    '..',
    'test',
    'fixtures',
    'allocation',
    `${name}.json`,
  );
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface FixtureDevice {
  id: string;
  slot: string;
  type?: SlotType;
  amount: string;
  numa?: number | null;
}

export interface MapSpec {
  map: 'discrete' | 'fraction';
  strategy: AllocationStrategy;
  quantum?: string;
  devices: FixtureDevice[];
  mask?: string[];
  exclusive?: string[];
}

export type Expectation =
  { allocation: Record<string, unknown> } | { error: string; messageIncludes?: string[] };

export function buildMap(spec: MapSpec): AllocMap {
  const options = {
    devices: spec.devices.map((d) => ({
      deviceId: d.id,
      slotName: d.slot,
      slotType: d.type,
      amount: d.amount,
    })),
    deviceMask: spec.mask,
    exclusiveSlotTypes: spec.exclusive,
    strategy: spec.strategy,
  };
  return spec.map === 'fraction'
    ? new FractionAllocMap({ ...options, quantum: spec.quantum ?? '0.01' })
    : new DiscreteAllocMap(options);
}

/** The affinity map of several maps' devices, named by the maps' keys. */
export function buildAffinity(specs: Record<string, MapSpec>): AffinityMap {
  return AffinityMap.build(
    Object.entries(specs).flatMap(([key, spec]) =>
      spec.devices.map((d) => ({ deviceName: key, deviceId: d.id, numaNode: d.numa ?? null })),
    ),
  );
}

/**
 * Runs `action` against `expectation`: the allocation it returns, or a TesseraError with the code
 * and every message fragment. On an error, `unchanged` (the maps' state) must read the same after.
 */
export function expectOutcome(
  action: () => unknown,
  expectation: Expectation,
  unchanged: () => unknown,
): void {
  const before = unchanged();
  let result: unknown;
  let caught: unknown;
  try {
    result = action();
  } catch (error) {
    caught = error;
  }
  if ('error' in expectation) {
    expect(caught, `expected ${expectation.error}, got ${JSON.stringify(result)}`).to.be.instanceOf(
      TesseraError,
    );
    const error = caught as TesseraError;
    expect(error.code, error.message).to.equal(expectation.error);
    for (const fragment of expectation.messageIncludes ?? []) expect(error.message).to.include(fragment);
    expect(unchanged(), 'a refusal leaves the maps unchanged').to.deep.equal(before);
  } else {
    if (caught) throw caught;
    expect(result).to.deep.equal(expectation.allocation);
  }
}

export const allocatedOf = (map: AllocMap): DeviceAllocation => map.allocated();
