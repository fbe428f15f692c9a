import { expect } from 'chai';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { inspectPluginPackage, loadPluginCode } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';

const PLUGIN_FOLDERS = ['plugins', 'schedulers', 'accelerators', 'storage-backends', 'proxies'];

/** Every workspace package of this repository that is a Tessera plugin (has a `tessera` field). */
function repositoryPlugins(): Array<{ folder: string; dir: string }> {
  const found: Array<{ folder: string; dir: string }> = [];
  for (const folder of PLUGIN_FOLDERS) {
    const base = join(REPO_ROOT, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const dir = join(base, entry.name);
      if (entry.isDirectory() && existsSync(join(dir, 'package.json')) && inspectPluginPackage(dir))
        found.push({ folder: `${folder}/${entry.name}`, dir });
    }
  }
  return found;
}

/**
 * The kernel plans a deployment from package.json alone and loads code only later; these checks
 * keep the two from drifting in any package of this repository, including those no test deploys.
 */
describe('every plugin package of the repository', () => {
  const plugins = repositoryPlugins();

  it('finds the plugin packages', () => {
    expect(plugins.map((p) => p.folder)).to.include.members([
      'plugins/manager',
      'schedulers/fifo',
      'accelerators/mock',
    ]);
  });

  for (const { folder, dir } of plugins) {
    describe(folder, () => {
      const discovered = inspectPluginPackage(dir)!;

      it('has a valid tessera manifest', () => {
        expect(discovered.problems).to.deep.equal([]);
      });

      it('exports a v2 definition whose deps equal tessera.requires and tessera.optional', async () => {
        const definition = await loadPluginCode({
          manifest: discovered.manifest,
          dir: discovered.dir,
        } as Parameters<typeof loadPluginCode>[0]);
        expect(definition).to.be.an('object');
      });
    });
  }
});
