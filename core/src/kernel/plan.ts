import { TesseraError } from '../errors/tessera-error';
import { KERNEL_SERVICES, type ResolvedPlugin } from './resolved-deployment';

/**
 * Orders plugins so that every provider starts before its consumers and every contributor before
 * the owner of the extension point it contributes to, keeping manifest order where the graph
 * allows. Reports every missing service and duplicate provider, an extension point owned twice or
 * by nobody, and a cycle as a path (`a -> b -> a`).
 */
export function planStartOrder(
  plugins: ResolvedPlugin[],
  namedKinds: ReadonlySet<string> = new Set(),
): {
  order: ResolvedPlugin[];
  errors: TesseraError[];
} {
  const errors: TesseraError[] = [];
  const owners = extensionPointOwners(plugins, errors);
  const providers = new Map<string, ResolvedPlugin[]>();
  for (const plugin of plugins) {
    for (const service of plugin.provides)
      providers.set(service, [...(providers.get(service) ?? []), plugin]);
  }
  for (const [service, list] of providers) {
    const namedKind = namedKinds.has(service);
    if (!namedKind && list.length > 1) {
      errors.push(
        new TesseraError(
          'plugin-duplicate',
          `service "${service}" is provided by more than one plugin (${list.map((p) => p.packageName).join(', ')}); keep one in the manifest`,
          { service },
        ),
      );
    }
  }
  const dependencies = new Map<ResolvedPlugin, ResolvedPlugin[]>();
  for (const plugin of plugins) {
    const deps: ResolvedPlugin[] = [];
    for (const service of plugin.manifest.requires ?? []) {
      if (KERNEL_SERVICES.has(service)) continue;
      const found = providers.get(service);
      if (!found) {
        errors.push(
          new TesseraError(
            'plugin-dependency-missing',
            `${plugin.packageName} requires service "${service}", but no plugin in the manifest provides it; add a plugin that provides "${service}"`,
            { plugin: plugin.manifest.id, service },
          ),
        );
        continue;
      }
      deps.push(...found.filter((p) => p !== plugin));
    }
    for (const service of plugin.manifest.optional ?? []) {
      deps.push(...(providers.get(service) ?? []).filter((p) => p !== plugin));
    }
    dependencies.set(plugin, deps);
  }
  for (const contributor of plugins) {
    for (const point of contributor.manifest.contributes ?? []) {
      const owner = owners.get(point);
      if (!owner) {
        errors.push(
          new TesseraError(
            'plugin-dependency-missing',
            `plugin ${contributor.manifest.id} contributes to extension point "${point}", which no plugin in the manifest owns; add the plugin that declares "${point}" in tessera.extensionPoints`,
            { plugin: contributor.manifest.id, extensionPoint: point },
          ),
        );
        continue;
      }
      if (owner !== contributor) dependencies.get(owner)!.push(contributor);
    }
  }

  const order: ResolvedPlugin[] = [];
  const state = new Map<ResolvedPlugin, 'visiting' | 'done'>();
  const visit = (plugin: ResolvedPlugin, path: ResolvedPlugin[]): void => {
    const current = state.get(plugin);
    if (current === 'done') return;
    if (current === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin)), plugin].map((p) => p.manifest.id).join(' -> ');
      errors.push(
        new TesseraError('plugin-dependency-cycle', `plugin dependency cycle: ${cycle}`, { cycle }),
      );
      return;
    }
    state.set(plugin, 'visiting');
    for (const dep of dependencies.get(plugin) ?? []) visit(dep, [...path, plugin]);
    state.set(plugin, 'done');
    order.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return { order, errors };
}

/** Who owns each extension point; a point declared by two plugins is an error naming both. */
function extensionPointOwners(
  plugins: ResolvedPlugin[],
  errors: TesseraError[],
): Map<string, ResolvedPlugin> {
  const owners = new Map<string, ResolvedPlugin>();
  for (const plugin of plugins) {
    for (const point of plugin.manifest.extensionPoints ?? []) {
      const other = owners.get(point);
      if (other) {
        errors.push(
          new TesseraError(
            'plugin-duplicate',
            `extension point "${point}" is owned by both ${other.manifest.id} and ${plugin.manifest.id}; keep one of them in the manifest`,
            { extensionPoint: point, plugins: [other.manifest.id, plugin.manifest.id] },
          ),
        );
        continue;
      }
      owners.set(point, plugin);
    }
  }
  return owners;
}
