import type { CommandRunner } from '@tessera/core';

/** The fields asked of `nvidia-smi --query-gpu`, in this order. */
export const GPU_QUERY_FIELDS = [
  'index',
  'uuid',
  'name',
  'memory.total',
  'pci.bus_id',
  'driver_version',
  'mig.mode.current',
] as const;

/** The fields asked for measures. */
export const MEASURE_QUERY_FIELDS = ['uuid', 'utilization.gpu', 'memory.used', 'memory.total'] as const;

const CSV_FORMAT = '--format=csv,noheader,nounits';

export function gpuQueryArgs(): string[] {
  return [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, CSV_FORMAT];
}

export function measureQueryArgs(): string[] {
  return [`--query-gpu=${MEASURE_QUERY_FIELDS.join(',')}`, CSV_FORMAT];
}

/** One physical GPU as `nvidia-smi --query-gpu` reports it. */
export interface NvidiaGpu {
  index: number;
  uuid: string;
  name: string;
  /** Bytes (nvidia-smi reports MiB). */
  memoryTotal: number;
  /** As nvidia-smi prints it: `00000000:07:00.0`. */
  pciBusId: string;
  driverVersion: string;
  migEnabled: boolean;
}

/** One MIG instance from `nvidia-smi -L`. */
export interface NvidiaMigInstance {
  parentUuid: string;
  /** `1g.5gb`, `3g.20gb`. */
  profile: string;
  /** The instance's index under its GPU (`Device 0`). */
  index: number;
  /** `MIG-<uuid>` (R470 and later) or `MIG-GPU-<uuid>/<gi>/<ci>` (R450). */
  uuid: string;
}

const MIB = 1024 * 1024;

/** Values nvidia-smi prints for a field it cannot answer. */
function isNotAvailable(value: string): boolean {
  return /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions)\]?$/i.test(value);
}

function csvRows(stdout: string, columns: number, what: string): string[][] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, lineIndex) => {
      const cells = line.split(',').map((cell) => cell.trim());
      if (cells.length !== columns) {
        throw new Error(
          `${what}: line ${lineIndex + 1} has ${cells.length} fields, expected ${columns}: ${JSON.stringify(line)}`,
        );
      }
      return cells;
    });
}

function integer(value: string, field: string): number {
  if (!/^\d+$/.test(value))
    throw new Error(`nvidia-smi: ${field} is not a whole number: ${JSON.stringify(value)}`);
  return Number(value);
}

/** Parses `nvidia-smi --query-gpu=<GPU_QUERY_FIELDS> --format=csv,noheader,nounits`. */
export function parseGpuQuery(stdout: string): NvidiaGpu[] {
  return csvRows(stdout, GPU_QUERY_FIELDS.length, 'nvidia-smi --query-gpu').map(
    ([index, uuid, name, memory, bus, driver, mig]) => ({
      index: integer(index!, 'index'),
      uuid: uuid!,
      name: name!,
      memoryTotal: isNotAvailable(memory!) ? 0 : integer(memory!, 'memory.total') * MIB,
      pciBusId: bus!,
      driverVersion: driver!,
      migEnabled: mig!.toLowerCase() === 'enabled',
    }),
  );
}

const GPU_LINE = /^GPU\s+(\d+):\s+(.+?)\s+\(UUID:\s+(GPU-[^)\s]+)\)\s*$/;
const MIG_LINE = /^\s+MIG\s+(\S+)\s+Device\s+(\d+):\s+\(UUID:\s+(MIG-[^)\s]+)\)\s*$/;

/** Parses `nvidia-smi -L`: the MIG instances listed under their GPUs. */
export function parseMigListing(stdout: string): NvidiaMigInstance[] {
  const instances: NvidiaMigInstance[] = [];
  let parent: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const gpu = GPU_LINE.exec(line);
    if (gpu) {
      parent = gpu[3]!;
      continue;
    }
    const mig = MIG_LINE.exec(line);
    if (mig && parent) {
      instances.push({ parentUuid: parent, profile: mig[1]!, index: Number(mig[2]), uuid: mig[3]! });
    }
  }
  return instances;
}

/** The CUDA version the driver supports, from `nvidia-smi --version` (`CUDA Version : 12.4`). */
export function parseCudaVersion(stdout: string): string | null {
  return /^CUDA Version\s*:\s*(\S+)\s*$/im.exec(stdout)?.[1] ?? null;
}

/** One GPU's live numbers. */
export interface NvidiaGpuMeasure {
  uuid: string;
  /** Percent, null when the GPU cannot tell (MIG mode). */
  utilization: number | null;
  memoryUsed: number | null;
  memoryTotal: number | null;
}

/** Parses `nvidia-smi --query-gpu=<MEASURE_QUERY_FIELDS> --format=csv,noheader,nounits`. */
export function parseMeasureQuery(stdout: string): NvidiaGpuMeasure[] {
  const optional = (value: string, field: string, scale = 1) =>
    isNotAvailable(value) ? null : integer(value, field) * scale;
  return csvRows(stdout, MEASURE_QUERY_FIELDS.length, 'nvidia-smi --query-gpu').map(
    ([uuid, utilization, used, total]) => ({
      uuid: uuid!,
      utilization: optional(utilization!, 'utilization.gpu'),
      memoryUsed: optional(used!, 'memory.used', MIB),
      memoryTotal: optional(total!, 'memory.total', MIB),
    }),
  );
}

/** What discovery learnt from nvidia-smi. */
export interface NvidiaInventory {
  gpus: NvidiaGpu[];
  migInstances: NvidiaMigInstance[];
  driverVersion: string | null;
  cudaVersion: string | null;
}

function failure(args: readonly string[], result: { exitCode: number; stdout: string; stderr: string }) {
  const output = (result.stderr.trim() || result.stdout.trim()).split('\n')[0] ?? '';
  return new Error(`nvidia-smi ${args.join(' ')} exited with ${result.exitCode}: ${output}`);
}

/**
 * Asks nvidia-smi for the GPUs, their MIG instances (only when some GPU has MIG on) and the CUDA
 * version. Rejects with `CommandNotFoundError` when nvidia-smi is missing, and with an error
 * naming the command when it fails (no driver loaded: "NVIDIA-SMI has failed ...").
 */
export async function queryInventory(run: CommandRunner, nvidiaSmi: string): Promise<NvidiaInventory> {
  const args = gpuQueryArgs();
  const result = await run(nvidiaSmi, args);
  if (result.exitCode !== 0) throw failure(args, result);
  const gpus = parseGpuQuery(result.stdout);
  let migInstances: NvidiaMigInstance[] = [];
  if (gpus.some((gpu) => gpu.migEnabled)) {
    const listing = await run(nvidiaSmi, ['-L']);
    if (listing.exitCode !== 0) throw failure(['-L'], listing);
    migInstances = parseMigListing(listing.stdout);
  }
  // --version exists from R525 on; an older driver's refusal leaves the CUDA version unknown.
  const version = await run(nvidiaSmi, ['--version']);
  return {
    gpus,
    migInstances,
    driverVersion: gpus[0]?.driverVersion ?? null,
    cudaVersion: version.exitCode === 0 ? parseCudaVersion(version.stdout) : null,
  };
}
