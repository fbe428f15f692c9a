import Decimal from 'decimal.js';
import type { AcceleratorKernelArgs, DeviceAllocation } from '@tessera/core';
import type { MockDevice } from './mock-device';
import type { MockSettings } from './mock-settings';
import { sharesSlotName } from './slot-names';

/** Processors a share of a device is worth never go below this (upstream's floor). */
const MIN_PROCESSORS_PER_SHARE = 4;

interface AttachedDevice {
  device: MockDevice;
  amount: Decimal;
  fractional: boolean;
}

function attachedDevices(settings: MockSettings, allocation: DeviceAllocation): AttachedDevice[] {
  const byId = new Map(settings.devices.map((d) => [d.deviceId, d]));
  const attached: AttachedDevice[] = [];
  for (const [slotName, perDevice] of Object.entries(allocation)) {
    for (const [deviceId, amount] of Object.entries(perDevice)) {
      const device = byId.get(deviceId);
      if (!device || new Decimal(amount).lte(0)) continue;
      attached.push({
        device,
        amount: new Decimal(amount),
        fractional: slotName === sharesSlotName(settings.key),
      });
    }
  }
  return attached;
}

/** Memory and processors a kernel sees on one device: the whole device, or its share's worth. */
function visibleLimits(settings: MockSettings, entry: AttachedDevice): { mem: Decimal; smp: number } {
  if (!entry.fractional) return { mem: entry.device.memorySize, smp: entry.device.subprocCount };
  return {
    mem: settings.unitMem.mul(entry.amount).floor(),
    smp: Math.max(
      new Decimal(settings.unitProc).mul(entry.amount).floor().toNumber(),
      MIN_PROCESSORS_PER_SHARE,
    ),
  };
}

/**
 * What a kernel gets for an allocation (upstream `generate_docker_args` and
 * `generate_resource_data`): env vars naming the mock devices, resource.txt entries with global
 * device ids and, in fractional mode, per-device memory and processor limits of the shares.
 */
export function mockKernelArgs(settings: MockSettings, allocation: DeviceAllocation): AcceleratorKernelArgs {
  const attached = attachedDevices(settings, allocation);
  if (attached.length === 0) return { environ: {}, resourceData: {}, attachedDevices: [] };
  const prefix = settings.key.toUpperCase();
  const ids = attached.map((a) => a.device.deviceId);
  const environ: Record<string, string> = {
    [`BACKENDAI_MOCK_${prefix}_DEVICES`]: ids.join(','),
    [`BACKENDAI_MOCK_${prefix}_DEVICE_COUNT`]: String(ids.length),
  };
  if (settings.key === 'cuda') environ.TF_MIN_GPU_MULTIPROCESSOR_COUNT = '4';

  const virtualized = attached.some((a) => a.fractional);
  const resourceData: Record<string, string> = {
    [`${prefix}_GLOBAL_DEVICE_IDS`]: ids.map((id, index) => `${index}:${id}`).join(','),
    [`${prefix}_RESOURCE_VIRTUALIZED`]: virtualized ? '1' : '0',
  };
  if (settings.mode === 'fractional') {
    // Only shares have limits: a MIG slice in fractional mode gets the entries, empty (as upstream).
    const limits = attached
      .filter((a) => a.fractional)
      .map((a) => ({ id: a.device.deviceId, ...visibleLimits(settings, a) }));
    resourceData[`${prefix}_MEMORY_LIMITS`] = limits.map((l) => `${l.id}:${l.mem.toFixed()}`).join(',');
    resourceData[`${prefix}_PROCESSOR_LIMITS`] = limits.map((l) => `${l.id}:${l.smp}`).join(',');
    resourceData[`${prefix}_RESERVED_MEMORY`] = settings.reservedMemory.toFixed();
  }
  return {
    environ,
    resourceData,
    attachedDevices: attached.map((a) => {
      const limits = visibleLimits(settings, a);
      return {
        deviceId: a.device.deviceId,
        modelName: a.device.modelName,
        data: { smp: limits.smp, mem: limits.mem.toNumber() },
      };
    }),
  };
}
