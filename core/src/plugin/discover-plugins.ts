import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { PluginManifest } from './plugin-manifest';
import { validatePluginManifest } from './validate-plugin-manifest';

export interface DiscoveredPlugin {
  packageName: string;
  version: string;
  /** The package's folder (symlinks resolved). */
  dir: string;
  manifest: PluginManifest;
  /** Why the kernel would refuse to load it; empty when it is loadable. */
  problems: string[];
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  tessera?: unknown;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Reads one package folder; undefined when it is not a Tessera plugin (no `tessera` field). */
export function inspectPluginPackage(dir: string): DiscoveredPlugin | undefined {
  const pkg = readPackageJson(dir);
  if (pkg.tessera === undefined) return undefined;
  const packageName = pkg.name ?? dir;
  const { field, problem } = withSchemaFile(dir, packageName, pkg.tessera);
  const problems = problem ? [problem] : validatePluginManifest(packageName, field).map((p) => p.message);
  return {
    packageName,
    version: pkg.version ?? '0.0.0',
    dir: realpathSync(dir),
    manifest: field as PluginManifest,
    problems,
  };
}

/** Replaces a `configSchema` given as a file path (relative to the package) by the file's JSON. */
function withSchemaFile(
  dir: string,
  packageName: string,
  field: unknown,
): { field: unknown; problem?: string } {
  const schema = (field as { configSchema?: unknown } | null)?.configSchema;
  if (typeof schema !== 'string') return { field };
  const path = resolve(dir, schema);
  if (relative(dir, path).startsWith('..')) {
    return { field, problem: `${packageName}: tessera.configSchema "${schema}" points outside the package` };
  }
  try {
    return {
      field: { ...(field as object), configSchema: JSON.parse(readFileSync(path, 'utf8')) as unknown },
    };
  } catch (error) {
    return {
      field,
      problem: `${packageName}: tessera.configSchema "${schema}" could not be read as JSON (${path}): ${(error as Error).message}`,
    };
  }
}

function packageDirs(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(path, { withFileTypes: true })) dirs.push(join(path, scoped.name));
    } else {
      dirs.push(path);
    }
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

/**
 * Lists every installed Tessera plugin visible from `cwd` (its node_modules and those of its
 * parent folders, the way Node resolves packages), workspace packages and third-party packages
 * alike, by reading package.json files only: no plugin code runs.
 */
export async function discoverPlugins(options: { cwd?: string } = {}): Promise<DiscoveredPlugin[]> {
  const found = new Map<string, DiscoveredPlugin>();
  let dir = options.cwd ?? process.cwd();
  for (;;) {
    for (const packageDir of packageDirs(join(dir, 'node_modules'))) {
      let plugin: DiscoveredPlugin | undefined;
      try {
        plugin = inspectPluginPackage(packageDir);
      } catch {
        continue; // an unreadable package.json is not ours to report here
      }
      if (plugin && !found.has(plugin.packageName)) found.set(plugin.packageName, plugin);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...found.values()].sort(
    (a, b) => a.manifest.kind.localeCompare(b.manifest.kind) || a.manifest.id.localeCompare(b.manifest.id),
  );
}
