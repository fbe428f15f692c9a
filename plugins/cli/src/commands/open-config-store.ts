import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigStore, LogLevel } from '@tessera/core';
import { CommandFailure } from '../cli-errors';
import type { CliIo } from '../cli-io';

/** The cluster manifest when there is one here, else the embedded default. */
export function defaultConfigManifest(cwd: string): string {
  const halfstack = join('manifests', 'halfstack.yaml');
  return existsSync(join(cwd, halfstack)) ? halfstack : join('manifests', 'all-in-one.yaml');
}

export interface OpenedConfigStore {
  store: ConfigStore;
  /** The manifest, as given or relative to the working folder, for messages. */
  manifest: string;
  /** The plugin that serves the store (`config-store-etcd`, `config-store-embedded`, ...). */
  pluginId: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The manifest option as given; the default manifest when undefined. */
  manifest: string | undefined;
  /** Kernel and plugin log lines (to stderr) at this level and above; failures are reported anyway. */
  logLevel: LogLevel;
}

/**
 * Opens the config store a deployment uses by running only its config-store plugin (and what that
 * requires) from the manifest, with the manifest's own config and environment interpolation. Log
 * lines go to stderr, so stdout carries only the command's output.
 */
export async function openConfigStore(io: CliIo, options: OpenOptions): Promise<OpenedConfigStore> {
  const { AggregateStartError, Kernel, createLogger, formatError, validateDeployment } =
    await import('@tessera/core');
  const manifest = options.manifest ?? defaultConfigManifest(io.cwd);
  const path = resolve(io.cwd, manifest);
  const failure = (what: string, error: unknown) => {
    const cause = error instanceof AggregateStartError && error.errors.length === 1 ? error.errors[0] : error;
    const failure = new CommandFailure(`${what} ${manifest}: ${formatError(cause)}`);
    failure.cause = error; // --debug prints the chain
    return failure;
  };
  let deployment: Awaited<ReturnType<typeof validateDeployment>>;
  try {
    deployment = await validateDeployment(path, { env: io.env, cwd: io.cwd });
  } catch (error) {
    throw failure('invalid manifest', error);
  }
  const plugin = deployment.plugins.find((candidate) => candidate.manifest.kind === 'config-store');
  if (!plugin)
    throw new CommandFailure(`${manifest} has no config-store plugin (add @tessera/config-store-etcd)`);
  const kernel = new Kernel(deployment, {
    only: [plugin.manifest.id],
    logger: createLogger({ level: options.logLevel, destination: io.stderr }),
  });
  try {
    await kernel.start();
  } catch (error) {
    throw failure('cannot open the config store of', error);
  }
  return {
    store: kernel.resolve<ConfigStore>('config-store'),
    manifest,
    pluginId: plugin.manifest.id,
    close: () => kernel.stop('command done'),
  };
}
