import Decimal from 'decimal.js';
import { parseAmount, TesseraError } from '@tessera/core';
import type { Config } from './config.generated';
import type { MockDevice } from './mock-device';
import { deviceSlotName, migSlotName, sharesSlotName } from './slot-names';

const MIN_UNIT_MEM = new Decimal(512).mul(1024 * 1024);
const SHARE_PRECISION = new Decimal('0.01');

/** The mock accelerator's config, checked and turned into devices with capacities. */
export interface MockSettings {
  key: string;
  mode: 'discrete' | 'fractional';
  unitMem: Decimal;
  unitProc: number;
  quantum: Decimal;
  reservedMemory: Decimal;
  devicePluginName: string;
  /** The devices the agent may hand out (masked ones left out). */
  devices: MockDevice[];
  /** The configured device mask, so that a masked id is refused as masked, not unknown. */
  deviceMask: string[];
}

function invalidConfig(message: string, details: Record<string, unknown>): TesseraError {
  return new TesseraError('plugin-config-invalid', `accelerator-mock: ${message}`, details);
}

/** Largest multiple of `quantum` that is at most `value`. */
export function roundDown(value: Decimal, quantum: Decimal): Decimal {
  return value.div(quantum).floor().mul(quantum);
}

/** Backend.AI's share of one device: min(memory / unitMem, SMs / unitProc), rounded down to 0.01. */
export function deviceShares(
  memorySize: Decimal,
  subprocCount: number,
  unitMem: Decimal,
  unitProc: number,
): Decimal {
  const byMemory = memorySize.div(unitMem);
  const byProcessors = new Decimal(subprocCount).div(unitProc);
  return roundDown(Decimal.min(byMemory, byProcessors), SHARE_PRECISION);
}

function bytes(field: string, value: string | number): Decimal {
  try {
    return parseAmount(field, value, 'bytes');
  } catch (cause) {
    throw invalidConfig(`${field} is not a byte size`, { field, value, cause: String(cause) });
  }
}

/** Checks the config (beyond what its JSON Schema can say) and builds the device list. */
export function resolveMockSettings(config: Config): MockSettings {
  const key = config.slotName;
  const unitMem = bytes('unitMem', config.unitMem);
  if (unitMem.lt(MIN_UNIT_MEM)) {
    throw invalidConfig('unitMem must be at least 512 MiB', { field: 'unitMem', value: config.unitMem });
  }
  const quantum = new Decimal(config.quantumSize);
  if (quantum.lte(0)) {
    throw invalidConfig('quantumSize must be positive', { field: 'quantumSize', value: config.quantumSize });
  }
  const masked = new Set(config.deviceMask);
  const migIndexByMother = new Map<string, number>();
  const seenIds = new Set<string>();
  const devices: MockDevice[] = [];
  config.devices.forEach((entry, index) => {
    const memorySize = bytes(`devices[${index}].memorySize`, entry.memorySize);
    let deviceId = entry.motherUuid;
    let slotName: string;
    let capacity: Decimal;
    if (entry.isMigDevice) {
      const migSlot = migSlotName(key, entry.modelName);
      if (!migSlot) {
        throw invalidConfig('a MIG device must be named MIG-<profile>', {
          field: `devices[${index}].modelName`,
          value: entry.modelName,
          expected: 'for example MIG-10g',
        });
      }
      const sliceIndex = migIndexByMother.get(entry.motherUuid) ?? 0;
      migIndexByMother.set(entry.motherUuid, sliceIndex + 1);
      deviceId = `MIG-${entry.motherUuid}/${sliceIndex}/0`;
      slotName = migSlot;
      capacity = new Decimal(1);
    } else if (config.allocationMode === 'fractional') {
      slotName = sharesSlotName(key);
      capacity = deviceShares(memorySize, entry.subprocCount, unitMem, config.unitProc);
    } else {
      slotName = deviceSlotName(key);
      capacity = new Decimal(1);
    }
    if (seenIds.has(deviceId)) {
      throw invalidConfig('device ids must be unique', {
        field: `devices[${index}].motherUuid`,
        value: deviceId,
      });
    }
    seenIds.add(deviceId);
    if (masked.has(deviceId)) return;
    devices.push({
      deviceId,
      hwLocation: `0000:99:${String(index).padStart(2, '0')}.0`,
      modelName: entry.modelName,
      numaNode: entry.numaNode,
      subprocCount: entry.subprocCount,
      memorySize,
      isMig: entry.isMigDevice,
      slotName,
      capacity,
    });
  });
  return {
    key,
    mode: config.allocationMode,
    unitMem,
    unitProc: config.unitProc,
    quantum,
    reservedMemory: bytes('reservedMemory', config.reservedMemory),
    devicePluginName: config.devicePluginName,
    devices,
    deviceMask: [...masked],
  };
}
