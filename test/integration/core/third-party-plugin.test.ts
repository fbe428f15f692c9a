import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverPlugins, Kernel } from '@tessera/core';
import { FIXTURE_PLUGINS, REPO_ROOT } from '../../support/plugin-sandbox';

/**
 * A vendor's plugin, packed with `npm pack` and installed from the tarball into a fresh project
 * the way an operator would, is listed without running its code and loads into a kernel.
 */
describe('a third-party plugin installed from a tarball', function () {
  this.timeout(60_000);
  let project: string;
  let marker: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'tessera-vendor-'));
    marker = join(project, 'greeter-loaded');
    const tarball = execFileSync(
      'npm',
      ['pack', '--silent', '--pack-destination', project, join(FIXTURE_PLUGINS, 'greeter')],
      {
        cwd: project,
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .pop()!;
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'operator-deployment', private: true }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(project, tarball)], {
      cwd: project,
      stdio: 'pipe',
    });
    // The operator's project has Tessera itself installed next to the vendor's package.
    mkdirSync(join(project, 'node_modules', '@tessera'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'core'), join(project, 'node_modules', '@tessera', 'core'), 'dir');
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it('is listed from its package.json alone, without running its code', async () => {
    const plugins = await discoverPlugins({ cwd: project });
    const greeter = plugins.find((p) => p.packageName === '@acme/tessera-greeter');
    expect(greeter, 'greeter discovered').to.exist;
    expect(greeter!.manifest).to.include({ id: 'acme-greeter', kind: 'service', contract: 'service/v1' });
    expect(greeter!.problems).to.deep.equal([]);
    expect(greeter!.dir).to.include(join(project, 'node_modules'));
    expect(existsSync(marker), 'plugin code ran during discovery').to.equal(false);
  });

  it('loads into a kernel with its config validated and defaults applied', async () => {
    const kernel = Kernel.fromDefinition(
      {
        apiVersion: 'tessera/v1',
        kind: 'Deployment',
        name: 'vendor',
        roles: ['manager'],
        logging: { level: 'silent' },
        plugins: [{ package: '@acme/tessera-greeter' }],
      },
      { baseDir: project, cwd: project, env: { ACME_GREETER_MARKER: marker } },
    );
    process.env.ACME_GREETER_MARKER = marker;
    try {
      await kernel.start();
      expect(kernel.resolve<{ greet(name: string): string }>('greeting').greet('operator')).to.equal(
        'hi, operator',
      );
      expect(kernel.endpoints()).to.deep.equal({ 'acme-greeter.greeter': 'acme://greeter' });
      expect(existsSync(marker)).to.equal(true);
    } finally {
      delete process.env.ACME_GREETER_MARKER;
      await kernel.stop();
    }
  });
});
