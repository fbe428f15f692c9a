import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface PluginPackageJson {
  name: string;
  tessera: {
    kind: string;
    name: string;
    configSchema: { properties: Record<string, { default?: unknown }> };
    optional?: string[];
    requires?: string[];
  };
}

/** The package.json of an installed plugin package. */
export function pluginPackage(packageName: string): PluginPackageJson {
  const path = join(dirname(require.resolve(`${packageName}/package.json`)), 'package.json');
  return JSON.parse(readFileSync(path, 'utf8')) as PluginPackageJson;
}

/** The config a plugin gets when the manifest sets nothing: its schema's defaults. */
export function configDefaults(packageName: string): Record<string, unknown> {
  const properties = pluginPackage(packageName).tessera.configSchema.properties;
  return Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, schema.default]));
}
