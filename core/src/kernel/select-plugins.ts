import { TesseraError } from '../errors/tessera-error';
import { KERNEL_SERVICES, type ResolvedDeployment, type ResolvedPlugin } from './resolved-deployment';

/**
 * Narrows a deployment to the named plugins (by id) and the plugins that provide what they
 * require, transitively, keeping the start order. Operator commands use it to run one plugin of
 * a manifest (`tessera schema migrate` starts only the database plugin with its config). Selecting
 * the owner of an extension point selects its contributors too.
 */
export function selectPlugins(deployment: ResolvedDeployment, ids: readonly string[]): ResolvedDeployment {
  const byId = new Map(deployment.plugins.map((p) => [p.manifest.id, p]));
  const wanted = new Set<ResolvedPlugin>();
  const visit = (plugin: ResolvedPlugin) => {
    if (wanted.has(plugin)) return;
    wanted.add(plugin);
    for (const service of plugin.manifest.requires ?? []) {
      if (KERNEL_SERVICES.has(service)) continue;
      for (const provider of deployment.plugins.filter((p) => p.provides.includes(service))) visit(provider);
    }
    // An owner runs with its contributors: a host without its features would be another program.
    for (const point of plugin.manifest.extensionPoints ?? []) {
      for (const contributor of deployment.plugins.filter((p) => p.manifest.contributes?.includes(point)))
        visit(contributor);
    }
  };
  for (const id of ids) {
    const plugin = byId.get(id);
    if (!plugin) {
      throw new TesseraError(
        'plugin-not-registered',
        `the manifest has no plugin with id "${id}" (has: ${[...byId.keys()].join(', ')})`,
        {
          id,
        },
      );
    }
    visit(plugin);
  }
  return { ...deployment, plugins: deployment.plugins.filter((p) => wanted.has(p)) };
}
