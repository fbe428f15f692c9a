import { hostname } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AggregateStartError, TesseraError } from '../errors/tessera-error';
import type { DeploymentManifest, PluginEntry } from '../manifest/deployment-manifest';
import { formatLocation, loadManifest, type LoadedManifest } from '../manifest/load-manifest';
import { inspectPluginPackage, type DiscoveredPlugin } from '../plugin/discover-plugins';
import { KindTable } from './kind-table';
import { validatePluginManifest } from '../plugin/validate-plugin-manifest';
import { computePluginConfig } from './plugin-config';
import { findPackageDir } from './find-package';
import { planStartOrder } from './plan';
import type { ResolvedDeployment, ResolvedPlugin } from './resolved-deployment';

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Where to look for plugin packages besides the manifest's folder. */
  cwd?: string;
}

type Located = { dir: string; discovered: DiscoveredPlugin } | { errors: TesseraError[] };

/** Finds an entry's package and reads its `tessera` field (no plugin code runs). */
function locatePlugin(
  entry: PluginEntry,
  index: number,
  loaded: Pick<LoadedManifest, 'path' | 'locate'>,
  searchDirs: string[],
): Located {
  const where = formatLocation(loaded.path, loaded.locate(`/plugins/${index}/package`));
  const dir = findPackageDir(entry.package, searchDirs);
  if (!dir) {
    return {
      errors: [
        new TesseraError(
          'plugin-not-installed',
          `${where}: plugin package "${entry.package}" is not installed; install it with: npm install ${entry.package}`,
          { package: entry.package },
        ),
      ],
    };
  }
  const discovered = inspectPluginPackage(dir);
  if (!discovered) {
    return {
      errors: [
        new TesseraError(
          'plugin-manifest-invalid',
          `${where}: package "${entry.package}" is not a Tessera plugin (its package.json has no "tessera" field)`,
          { package: entry.package },
        ),
      ],
    };
  }
  if (typeof discovered.manifest.configSchema === 'string') {
    return {
      errors: discovered.problems.map(
        (problem) =>
          new TesseraError('plugin-manifest-invalid', `${where}: ${problem}`, { package: entry.package }),
      ),
    };
  }
  const problems = validatePluginManifest(discovered.packageName, discovered.manifest);
  if (problems.length > 0) {
    return {
      errors: problems.map(
        (p) => new TesseraError(p.code, `${where}: ${p.message}`, { package: entry.package }),
      ),
    };
  }
  return { dir, discovered };
}

function resolvePlugin(
  entry: PluginEntry,
  index: number,
  discovered: DiscoveredPlugin,
  loaded: Pick<LoadedManifest, 'path' | 'locate'>,
  roles: string[],
  env: NodeJS.ProcessEnv,
  kinds: KindTable,
): { plugin?: ResolvedPlugin; errors: TesseraError[] } {
  const where = formatLocation(loaded.path, loaded.locate(`/plugins/${index}/package`));
  const manifest = discovered.manifest;
  const errors: TesseraError[] = [];
  const kindProblem = kinds.problemWith(discovered.packageName, manifest);
  if (kindProblem) {
    errors.push(
      new TesseraError(
        kindProblem.code as 'plugin-contract-unsupported',
        `${where}: ${kindProblem.message}`,
        kindProblem.details,
      ),
    );
  }
  if (!manifest.roles.includes('*') && !manifest.roles.some((role) => roles.includes(role))) {
    errors.push(
      new TesseraError(
        'plugin-role-mismatch',
        `${where}: ${entry.package} runs in role(s) ${manifest.roles.join(', ')}, but this deployment runs ${roles.join(', ')}`,
        { package: entry.package },
      ),
    );
  }
  const computed = computePluginConfig({
    pluginId: manifest.id,
    packageName: entry.package,
    schema: manifest.configSchema as Record<string, unknown> | undefined,
    manifestConfig: entry.config ?? {},
    env,
  });
  if (!computed.ok) {
    for (const problem of computed.problems) {
      const location =
        problem.source ??
        formatLocation(
          loaded.path,
          loaded.locate(`/plugins/${index}/config${problem.pointer}`) ?? loaded.locate(`/plugins/${index}`),
        );
      errors.push(
        new TesseraError(
          'plugin-config-invalid',
          `${location}: ${entry.package} config${problem.pointer}: ${problem.message}`,
          {
            package: entry.package,
            path: `/plugins/${index}/config${problem.pointer}`,
          },
        ),
      );
    }
  }
  const config = computed.ok ? computed.config : {};
  const provides = [...(manifest.provides ?? [])];
  if (kinds.isNamed(manifest.kind) && !provides.includes(manifest.kind)) provides.push(manifest.kind);
  const plugin: ResolvedPlugin = {
    entry,
    packageName: discovered.packageName,
    version: discovered.version,
    dir: discovered.dir,
    manifest,
    config,
    optional: entry.optional ?? false,
    provides,
  };
  return { plugin, errors };
}

function resolveDefaults(
  manifest: DeploymentManifest,
  plugins: ResolvedPlugin[],
  kinds: KindTable,
  errors: TesseraError[],
): Record<string, string> {
  const defaults: Record<string, string> = {};
  const byKind = new Map<string, string[]>();
  for (const plugin of plugins) {
    if (kinds.isNamed(plugin.manifest.kind)) {
      byKind.set(plugin.manifest.kind, [...(byKind.get(plugin.manifest.kind) ?? []), plugin.manifest.name!]);
    }
  }
  for (const [kind, name] of Object.entries(manifest.defaults ?? {})) {
    const names = byKind.get(kind) ?? [];
    if (!names.includes(name)) {
      errors.push(
        new TesseraError(
          'manifest-invalid',
          `defaults.${kind} is "${name}", but the manifest has no ${kind} plugin of that name (has: ${names.join(', ') || 'none'})`,
          {
            kind,
            name,
          },
        ),
      );
    } else {
      defaults[kind] = name;
    }
  }
  for (const [kind, names] of byKind) if (!defaults[kind] && names.length === 1) defaults[kind] = names[0]!;
  return defaults;
}

/** Validates a parsed manifest against the installed plugins; throws with every problem found. */
export function resolveDeploymentFrom(
  loaded: Pick<LoadedManifest, 'path' | 'locate' | 'manifest'>,
  options: ResolveOptions = {},
): ResolvedDeployment {
  const env = options.env ?? process.env;
  const manifest = loaded.manifest;
  const baseDir = dirname(resolve(loaded.path));
  const searchDirs = [baseDir, options.cwd ?? process.cwd()];
  const errors: TesseraError[] = [];
  const plugins: ResolvedPlugin[] = [];
  const located = manifest.plugins.map((entry, index) => locatePlugin(entry, index, loaded, searchDirs));
  const kinds = KindTable.of(located.flatMap((l) => ('discovered' in l ? [l.discovered.manifest] : [])));
  errors.push(...kinds.errors);
  manifest.plugins.forEach((entry, index) => {
    const found = located[index]!;
    if (!('discovered' in found)) {
      errors.push(...found.errors);
      return;
    }
    const result = resolvePlugin(entry, index, found.discovered, loaded, manifest.roles, env, kinds);
    errors.push(...result.errors);
    if (result.plugin) plugins.push(result.plugin);
  });
  const ids = new Map<string, ResolvedPlugin>();
  for (const plugin of plugins) {
    const other = ids.get(plugin.manifest.id);
    if (other) {
      errors.push(
        new TesseraError(
          'plugin-duplicate',
          `plugin id "${plugin.manifest.id}" appears twice (${other.packageName}, ${plugin.packageName})`,
          {},
        ),
      );
    }
    ids.set(plugin.manifest.id, plugin);
  }
  const defaults = resolveDefaults(manifest, plugins, kinds, errors);
  const { order, errors: planErrors } = planStartOrder(plugins, new Set(kinds.namedKinds()));
  errors.push(...planErrors);
  if (errors.length > 0)
    throw new AggregateStartError(errors, `${loaded.path}: the deployment is not valid`, 'manifest-invalid');
  const dataDir = manifest.dataDir ?? 'var';
  return {
    manifestPath: loaded.path,
    manifest,
    baseDir,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(baseDir, dataDir),
    nodeId: manifest.nodeId ?? hostname().replace(/[^A-Za-z0-9._-]/g, '-'),
    plugins: order,
    defaults,
    namedKinds: kinds.namedKinds(),
  };
}

/** Loads, validates and plans a deployment manifest file without running any plugin code. */
export async function validateDeployment(
  manifestPath: string,
  options: ResolveOptions = {},
): Promise<ResolvedDeployment> {
  return resolveDeploymentFrom(loadManifest(manifestPath, options.env ?? process.env), options);
}
