import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Kernel } from '../kernel/kernel';
import type { DeploymentManifest, PluginEntry } from '../manifest/deployment-manifest';

export interface TestKernelOptions {
  plugins: PluginEntry[];
  roles?: DeploymentManifest['roles'];
  defaults?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Where plugin packages are looked up; the repository root by default (process.cwd()). */
  cwd?: string;
  /** Print log lines to stderr instead of keeping them (debugging a test). */
  showLogs?: boolean;
  /** Start the kernel (default) or only build it. */
  start?: boolean;
}

export interface TestKernel {
  kernel: Kernel;
  /** A fresh temporary folder used as the deployment's dataDir; removed by `stop`. */
  dataDir: string;
  /** Every JSON log line the kernel wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Boots a kernel with the chosen plugins in a test, with a temporary data folder and captured
 * JSON logs. Call `stop()` in `after`/`afterEach`.
 */
export async function bootTestKernel(options: TestKernelOptions): Promise<TestKernel> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ msg: line });
        }
        if (options.showLogs) process.stderr.write(line + '\n');
      }
      done();
    },
  });
  const manifest: DeploymentManifest = {
    apiVersion: 'tessera/v1',
    kind: 'Deployment',
    name: 'test',
    roles: options.roles ?? ['manager', 'agent'],
    nodeId: 'test-node',
    dataDir,
    logging: { level: 'debug', format: 'json' },
    stopTimeout: 5,
    plugins: options.plugins,
    defaults: options.defaults,
  };
  const kernel = Kernel.fromDefinition(manifest, {
    baseDir: options.cwd ?? process.cwd(),
    cwd: options.cwd,
    env: options.env ?? {},
    logDestination: destination,
  });
  if (options.start !== false) {
    try {
      await kernel.start();
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  return {
    kernel,
    dataDir,
    logs,
    async stop() {
      await kernel.stop('test finished');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
