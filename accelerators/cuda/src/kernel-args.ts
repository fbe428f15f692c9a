import Decimal from 'decimal.js';
import type { AcceleratorContainerOptions, AcceleratorKernelArgs, DeviceAllocation } from '@tessera/core';
import { type CudaDevice, SHARES_SLOT } from './cuda-device';
import type { MpsDirectories } from './mps-daemon';

/** What NVIDIA's container runtime is asked to give a container (upstream's driver injector). */
export const NVIDIA_CAPABILITIES = [['utility', 'compute', 'video', 'graphics', 'display']];

interface Attached {
  device: CudaDevice;
  amount: Decimal;
  /** The fraction of the GPU a share allocation is worth (1 for whole GPUs and MIG instances). */
  fraction: Decimal;
}

export interface KernelArgsContext {
  devices: readonly CudaDevice[];
  sharesPerDevice: number;
  /** Present when shares are enforced by MPS. */
  mps?: MpsDirectories;
}

function attached(context: KernelArgsContext, allocation: DeviceAllocation): Attached[] {
  const byId = new Map(context.devices.map((d) => [d.deviceId, d]));
  const out: Attached[] = [];
  for (const [slotName, perDevice] of Object.entries(allocation)) {
    for (const [deviceId, value] of Object.entries(perDevice)) {
      const device = byId.get(deviceId);
      const amount = new Decimal(value);
      if (!device || amount.lte(0)) continue;
      const fraction = slotName === SHARES_SLOT ? amount.div(context.sharesPerDevice) : new Decimal(1);
      out.push({ device, amount, fraction: Decimal.min(fraction, 1) });
    }
  }
  return out;
}

/**
 * What a kernel gets for its GPUs: `CUDA_VISIBLE_DEVICES` with their UUIDs (the process backend
 * needs nothing else) and, for containers, a device request to NVIDIA's runtime for exactly those
 * devices. Shares add MPS: the client limits derived from the share
 * (`CUDA_MPS_ACTIVE_THREAD_PERCENTAGE`, `CUDA_MPS_PINNED_DEVICE_MEM_LIMIT`) and the daemon's
 * folders, mounted at the same paths.
 */
export function cudaKernelArgs(
  context: KernelArgsContext,
  allocation: DeviceAllocation,
): AcceleratorKernelArgs {
  const devices = attached(context, allocation);
  if (devices.length === 0) return { environ: {}, resourceData: {}, attachedDevices: [] };
  const ids = devices.map((a) => a.device.deviceId);
  const shared = devices.filter((a) => a.device.slotName === SHARES_SLOT);
  const environ: Record<string, string> = { CUDA_VISIBLE_DEVICES: ids.join(',') };
  const container: AcceleratorContainerOptions = {
    deviceRequests: [{ driver: 'nvidia', deviceIds: ids, capabilities: NVIDIA_CAPABILITIES }],
  };
  const resourceData: Record<string, string> = {
    CUDA_GLOBAL_DEVICE_IDS: ids.map((id, index) => `${index}:${id}`).join(','),
    CUDA_RESOURCE_VIRTUALIZED: shared.length > 0 ? '1' : '0',
  };
  if (shared.length > 0) {
    // One thread percentage per MPS client: the largest fraction, so no device gets less than its
    // share; memory, the hard limit, is pinned per device (ordinals as CUDA_VISIBLE_DEVICES orders them).
    const largest = Decimal.max(...shared.map((a) => a.fraction));
    environ.CUDA_MPS_ACTIVE_THREAD_PERCENTAGE = Decimal.max(1, largest.mul(100).floor()).toFixed(0);
    environ.CUDA_MPS_PINNED_DEVICE_MEM_LIMIT = devices
      .map(
        (a, ordinal) =>
          `${ordinal}=${memoryLimit(a)
            .div(1024 * 1024)
            .floor()
            .toFixed(0)}M`,
      )
      .join(',');
    resourceData.CUDA_MEMORY_LIMITS = shared
      .map((a) => `${a.device.deviceId}:${memoryLimit(a).toFixed(0)}`)
      .join(',');
    if (context.mps) {
      environ.CUDA_MPS_PIPE_DIRECTORY = context.mps.pipe;
      environ.CUDA_MPS_LOG_DIRECTORY = context.mps.log;
      container.mounts = [
        { source: context.mps.pipe, target: context.mps.pipe, readOnly: false },
        { source: context.mps.log, target: context.mps.log, readOnly: false },
      ];
      // MPS clients reach the control daemon through the host's IPC namespace.
      container.ipcMode = 'host';
    }
  }
  return {
    environ,
    resourceData,
    attachedDevices: devices.map((a) => ({
      deviceId: a.device.deviceId,
      modelName: a.device.modelName,
      data: { smp: a.device.processingUnits, mem: memoryLimit(a).toNumber() },
    })),
    container,
  };
}

function memoryLimit(a: Attached): Decimal {
  return new Decimal(a.device.memorySize).mul(a.fraction).floor();
}
