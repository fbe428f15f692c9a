import { createLogger, type Logger } from '@tessera/core';
import { CudaAccelerator, type CudaAcceleratorConfig, type MpsDirectories } from '@tessera/accelerator-cuda';
import { acceleratorFixture, recordedRunner, type RecordedAnswer } from './recorded-runner';

export const A100 = acceleratorFixture('nvidia-smi', 'a100-80gb-x4-r535');
export const RTX4090 = acceleratorFixture('nvidia-smi', 'rtx4090-r550');

export const GPU_QUERY =
  '--query-gpu=index,uuid,name,memory.total,pci.bus_id,driver_version,mig.mode.current --format=csv,noheader,nounits';
export const MEASURE_QUERY =
  '--query-gpu=uuid,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits';

/** The A100 host's GPUs (query-gpu.csv). */
export const A100_GPUS = [
  'GPU-4f6b2a91-3c7d-8e15-b0a2-6d9c1e7f5a38',
  'GPU-a83e0c57-91d2-4b6f-2e8a-7c5d3f19b046',
  'GPU-19d7f4c2-6e0b-a3d8-5f71-b2c8e9a04d63',
  'GPU-c6205be8-d47a-19f3-8b6e-0a5d2c73e1f9',
] as const;
export const A100_MIG_3G = 'MIG-2d8a5f13-b7c4-5e09-a6d1-93f0c8b24e75';

export const RECORDED: Record<string, RecordedAnswer> = {
  [GPU_QUERY]: 'query-gpu.csv',
  '-L': 'list-gpus.txt',
  '--version': 'version.txt',
  [MEASURE_QUERY]: 'query-measures.csv',
};

export function cudaConfig(
  folder: string,
  config: Partial<CudaAcceleratorConfig> = {},
): CudaAcceleratorConfig {
  return {
    allocationMode: 'discrete',
    sharesPerDevice: 1,
    quantumSize: '0.1',
    deviceMask: [],
    nvidiaSmiPath: 'nvidia-smi',
    mpsControlPath: 'nvidia-cuda-mps-control',
    sysfsRoot: `${folder}/sysfs`,
    ...config,
  };
}

export const silent = createLogger({ level: 'silent' });

/** The cuda accelerator discovered from a fixture folder's recorded nvidia-smi outputs. */
export async function recordedCuda(
  folder: string,
  options: {
    config?: Partial<CudaAcceleratorConfig>;
    answers?: Record<string, RecordedAnswer>;
    log?: Logger;
    mps?: MpsDirectories;
  } = {},
) {
  const runner = recordedRunner(folder, options.answers ?? RECORDED);
  const accelerator = await CudaAccelerator.discover({
    config: cudaConfig(folder, options.config),
    packageVersion: '0.1.0',
    log: options.log ?? silent,
    run: runner.run,
    mps: options.mps,
  });
  return { accelerator, calls: runner.calls };
}
