import { configType, definePlugin, runCommand } from '@tessera/core';
import type { Config } from './config.generated';
import { CudaAccelerator } from './cuda-accelerator';
import { MpsDaemon, mpsDirectories } from './mps-daemon';

interface Instance {
  accelerator: CudaAccelerator;
  mps?: MpsDaemon;
}

/**
 * `@tessera/accelerator-cuda`: finds the host's NVIDIA GPUs in `init` and registers one
 * CudaAccelerator. In fractional mode, with GPUs to share, it runs the MPS control daemon from
 * `start` to `stop`.
 */
export default definePlugin({
  config: configType<Config>(),
  async init(ctx): Promise<Instance> {
    const fractional = ctx.config.allocationMode === 'fractional';
    const directories = fractional ? mpsDirectories(ctx.dataDir) : undefined;
    const accelerator = await CudaAccelerator.discover({
      config: ctx.config,
      packageVersion: ctx.packageVersion,
      log: ctx.log,
      mps: directories,
    });
    ctx.implement(accelerator);
    const mps =
      directories && accelerator.needsMps
        ? new MpsDaemon(runCommand, ctx.config.mpsControlPath, directories, ctx.log)
        : undefined;
    return { accelerator, mps };
  },
  async start(instance) {
    await instance.mps?.start();
  },
  async stop(instance) {
    await instance.mps?.stop();
  },
});
