import type { DeploymentManifest, PluginEntry } from '../manifest/deployment-manifest';
import type { PluginManifest } from '../plugin/plugin-manifest';

export interface ResolvedPlugin {
  entry: PluginEntry;
  packageName: string;
  version: string;
  dir: string;
  manifest: PluginManifest;
  /** Validated config with schema defaults applied. */
  config: Record<string, unknown>;
  optional: boolean;
  /** Services it makes available: `provides`, plus its kind for named kinds. */
  provides: string[];
}

/** A validated deployment: plugins in start order, ready for the kernel to load. */
export interface ResolvedDeployment {
  manifestPath: string | null;
  manifest: DeploymentManifest;
  baseDir: string;
  dataDir: string;
  nodeId: string;
  /** Plugins in dependency order (providers before consumers). */
  plugins: ResolvedPlugin[];
  /** Default implementation per named kind. */
  defaults: Record<string, string>;
  /** Kinds kept in named registries: the core's named kinds and those plugins declared. */
  namedKinds: string[];
}

/** Services the kernel itself provides to every plugin that requires them. */
export const KERNEL_SERVICES: ReadonlySet<string> = new Set(['logger', 'agent-rpc-directory', 'health']);
