import { NAMED_KINDS } from '../contracts/token';
import { TesseraError } from '../errors/tessera-error';
import { KERNEL_SERVICES, type ResolvedPlugin } from './resolved-deployment';

/**
 * Orders plugins so that every provider starts before its consumers, keeping manifest order where
 * the graph allows. Reports every missing service and duplicate provider, and a cycle as a path
 * (`a -> b -> a`).
 */
export function planStartOrder(plugins: ResolvedPlugin[]): {
  order: ResolvedPlugin[];
  errors: TesseraError[];
} {
  const errors: TesseraError[] = [];
  const providers = new Map<string, ResolvedPlugin[]>();
  for (const plugin of plugins) {
    for (const service of plugin.provides)
      providers.set(service, [...(providers.get(service) ?? []), plugin]);
  }
  for (const [service, list] of providers) {
    const namedKind = NAMED_KINDS.has(service as never);
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
