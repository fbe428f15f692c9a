import type { ConfigStore } from '../contracts/config-store';
import type { Logger } from '../contracts/logger';
import { storeEntries, storePrefix } from './config-layers';
import { computePluginConfig, configProblemsError } from './plugin-config';
import type { PluginRuntime } from './plugin-runtime';

/**
 * The config store layer of plugin config, and its hot reload. Before a plugin's `init` the
 * kernel reads `config/plugins/<kind>/<name>/` and lays it over the manifest (an invalid value
 * fails the start, naming the key). After start it watches that prefix: a valid change becomes the
 * plugin's config and is handed to `onConfigChange`; an invalid one is refused with a log line
 * and the last good config stays.
 */
export class StoreConfigLayer {
  private readonly unwatchers: Array<() => Promise<void>> = [];

  constructor(
    private readonly store: ConfigStore,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
  ) {}

  static prefixOf(runtime: PluginRuntime): string {
    return storePrefix(runtime.plugin.manifest.kind, runtime.plugin.manifest.name ?? runtime.id);
  }

  /** Lays the store's keys over the plugin's config; throws `plugin-config-invalid` naming the key. */
  async apply(runtime: PluginRuntime): Promise<void> {
    const prefix = StoreConfigLayer.prefixOf(runtime);
    const computed = this.compute(runtime, await this.store.list(prefix), prefix);
    if (!computed.ok) throw configProblemsError(runtime.id, runtime.plugin.packageName, computed.problems);
    runtime.config = computed.config;
  }

  async watch(runtime: PluginRuntime): Promise<void> {
    const prefix = StoreConfigLayer.prefixOf(runtime);
    let reloading = Promise.resolve();
    const unwatch = await this.store.watchPrefix(prefix, () => {
      reloading = reloading.then(() => this.reload(runtime, prefix));
    });
    this.unwatchers.push(unwatch);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.unwatchers.splice(0).map((unwatch) => unwatch()));
  }

  private async reload(runtime: PluginRuntime, prefix: string): Promise<void> {
    const computed = this.compute(runtime, await this.store.list(prefix), prefix);
    if (!computed.ok) {
      this.log.error('plugin config change refused; keeping the last good config', {
        plugin: runtime.id,
        error: configProblemsError(runtime.id, runtime.plugin.packageName, computed.problems).message,
      });
      return;
    }
    if (JSON.stringify(computed.config) === JSON.stringify(runtime.config)) return;
    const previous = runtime.config;
    runtime.config = computed.config;
    const onChange = runtime.definition?.onConfigChange;
    if (!onChange) {
      this.log.warn('plugin config changed, but the plugin applies config only at start; restart to apply', {
        plugin: runtime.id,
      });
      return;
    }
    try {
      await onChange(runtime.instance, runtime.context, previous);
      this.log.info('plugin config reloaded', { plugin: runtime.id });
    } catch (error) {
      this.log.error('plugin failed to apply its new config', {
        plugin: runtime.id,
        error: (error as Error).message,
      });
    }
  }

  private compute(runtime: PluginRuntime, keys: Array<[string, string]>, prefix: string) {
    const plugin = runtime.plugin;
    return computePluginConfig({
      pluginId: plugin.manifest.id,
      packageName: plugin.packageName,
      schema: plugin.manifest.configSchema as Record<string, unknown> | undefined,
      manifestConfig: plugin.entry.config ?? {},
      storeEntries: storeEntries(prefix, keys),
      env: this.env,
    });
  }
}
