import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../../support/eventually';
import { pluginSandbox } from '../../support/plugin-sandbox';
import { runCli, startCli } from '../../unit/cli/support/run-built-cli';

function manifest(plugins: Array<{ package: string; config?: Record<string, unknown> }>): string {
  const entries = plugins.map(
    (plugin) => `  - package: '${plugin.package}'\n    config: ${JSON.stringify(plugin.config ?? {})}`,
  );
  return [
    'apiVersion: tessera/v1',
    'kind: Deployment',
    'name: cli-verbs',
    'roles: [manager]',
    'logging: { level: warn }',
    'plugins:',
    ...entries,
    '',
  ].join('\n');
}

describe('tessera up / manifest validate / plugins list (built CLI, child process)', function () {
  this.timeout(20000);
  let sandbox: { dir: string; remove(): void };
  before(() => {
    sandbox = pluginSandbox(['greeter', 'failing', 'host', 'widget-a']);
    writeFileSync(
      join(sandbox.dir, 'greeter.yaml'),
      manifest([{ package: '@acme/tessera-greeter', config: { word: 'hello' } }]),
    );
    writeFileSync(
      join(sandbox.dir, 'bad-config.yaml'),
      manifest([{ package: '@acme/tessera-greeter', config: { colour: 'red' } }]),
    );
    writeFileSync(join(sandbox.dir, 'failing.yaml'), manifest([{ package: '@fixture/failing' }]));
  });
  after(() => sandbox.remove());

  it('plugins list prints the installed plugins as a table or as JSON', async () => {
    const table = await runCli(['plugins', 'list'], { cwd: sandbox.dir });
    expect(table.code).to.equal(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header.split(/\s{2,}/)).to.deep.equal([
      'ID',
      'KIND',
      'NAME',
      'PACKAGE',
      'VERSION',
      'CONTRACT',
      'ROLES',
      'EXTENDS',
    ]);
    expect(rows.map((row) => row.split(/\s{2,}/))).to.deep.include([
      'acme-greeter',
      'service',
      '-',
      '@acme/tessera-greeter',
      '1.0.0',
      'service/v1',
      '*',
      '-',
    ]);
    const extendsOf = (id: string) =>
      rows.map((row) => row.split(/\s{2,}/)).find((cells) => cells[0] === id)?.[7];
    expect(extendsOf('fixture-host')).to.equal('owns 1');
    expect(extendsOf('fixture-widget-a')).to.equal('-> fixture-host');

    const json = await runCli(['plugins', 'list', '--json'], { cwd: sandbox.dir });
    expect(json.code).to.equal(0);
    const plugins = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(plugins.find((plugin) => plugin.id === 'acme-greeter')).to.deep.include({
      kind: 'service',
      name: null,
      package: '@acme/tessera-greeter',
      version: '1.0.0',
      contract: 'service/v1',
      roles: ['*'],
      description: 'A third-party plugin installed from a tarball',
      provides: ['greeting'],
      requires: [],
      optional: [],
      extensionPoints: [],
      contributes: [],
      problems: [],
    });
    expect(plugins.find((plugin) => plugin.id === 'fixture-widget-a')).to.deep.include({
      contributes: ['fixture-host/widgets'],
    });
  });

  it('manifest validate says ok with the plugin count and roles, or prints the errors and exits 1', async () => {
    const ok = await runCli(['manifest', 'validate', 'greeter.yaml'], { cwd: sandbox.dir });
    expect(ok).to.include({ code: 0, stdout: 'ok: greeter.yaml (1 plugins, roles manager)\n' });

    const bad = await runCli(['manifest', 'validate', 'bad-config.yaml'], { cwd: sandbox.dir });
    expect(bad.code).to.equal(1);
    expect(bad.stderr)
      .to.match(/^tessera: /)
      .and.include('colour');
    expect(bad.stderr).to.not.match(/^\s+at /m);

    const missing = await runCli(['manifest', 'validate', 'nowhere.yaml'], { cwd: sandbox.dir });
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('nowhere.yaml');
  });

  it('up starts the deployment, prints where services listen, and stops cleanly on SIGTERM', async () => {
    const { child, result } = startCli(['up', 'greeter.yaml'], { cwd: sandbox.dir });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(
      () => stderr.includes('Press Ctrl-C to stop.') || child.exitCode !== null,
      'tessera up to say it is up, or to exit',
      15_000,
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    expect(stderr).to.include('tessera: cli-verbs is up (roles: manager)');
    expect(stderr).to.match(/acme-greeter\.greeter\s+acme:\/\/greeter/);
    child.kill('SIGTERM');
    expect((await result).code).to.equal(0);
  });

  it('up exits 1 with the formatted error when a plugin fails to start', async () => {
    const result = await runCli(['up', 'failing.yaml'], { cwd: sandbox.dir });
    expect(result.code).to.equal(1);
    expect(result.stderr)
      .to.match(/^tessera: /)
      .and.include('cannot connect to 127.0.0.1:1');
    expect(result.stderr).to.not.match(/^\s+at /m);
  });
});
