import { expect } from 'chai';
import {
  AggregateStartError,
  Kernel,
  TesseraError,
  type DeploymentManifest,
  type PluginEntry,
} from '@tessera/core';
import { fixtureCalls, pluginSandbox } from '../../support/plugin-sandbox';

const ALL_FIXTURES = [
  'provider',
  'consumer',
  'failing',
  'needs-broken',
  'cycle-a',
  'cycle-b',
  'contract-v9',
  'undeclared',
];

function manifest(
  plugins: PluginEntry[],
  roles: DeploymentManifest['roles'] = ['manager'],
): DeploymentManifest {
  return {
    apiVersion: 'tessera/v1',
    kind: 'Deployment',
    name: 'lifecycle',
    roles,
    logging: { level: 'silent' },
    stopTimeout: 2,
    plugins,
  };
}

describe('kernel lifecycle', () => {
  const sandbox = pluginSandbox(ALL_FIXTURES);
  const build = (plugins: PluginEntry[], roles?: DeploymentManifest['roles']) =>
    Kernel.fromDefinition(manifest(plugins, roles), { baseDir: sandbox.dir, cwd: sandbox.dir, env: {} });

  beforeEach(() => fixtureCalls().splice(0));
  after(() => sandbox.remove());

  it('starts providers before consumers whatever the manifest order, and stops in reverse', async () => {
    const kernel = build([
      { package: '@fixture/consumer' },
      { package: '@fixture/provider', config: { word: 'hello' } },
    ]);
    await kernel.start();
    await kernel.stop();
    expect(fixtureCalls()).to.deep.equal([
      'provider:register',
      'consumer:register',
      'provider:init',
      'consumer:init:hello, tessera',
      'provider:start:hello',
      'consumer:start',
      'consumer:stop',
      'provider:stop:hello',
    ]);
  });

  it('reports a dependency cycle as a path', () => {
    expect(() => build([{ package: '@fixture/cycle-a' }, { package: '@fixture/cycle-b' }]))
      .to.throw(AggregateStartError)
      .with.property('message')
      .that.matches(/fixture-cycle-a -> fixture-cycle-b -> fixture-cycle-a/);
  });

  it('names a required service nobody provides', () => {
    expect(() => build([{ package: '@fixture/consumer' }])).to.throw(
      /requires service "greeting", but no plugin in the manifest provides it/,
    );
  });

  it('refuses a plugin whose contract version the core does not support, naming both versions, without running it', () => {
    expect(() => build([{ package: '@fixture/contract-v9' }])).to.throw(
      /implements event-bus\/v9, but this core \(0\.1\.0\) supports event-bus\/v1/,
    );
  });

  it('refuses a plugin that may not run in the deployment roles', () => {
    expect(() =>
      build([{ package: '@fixture/provider' }, { package: '@fixture/consumer' }], ['agent']),
    ).to.throw(/runs in role\(s\) manager, but this deployment runs agent/);
  });

  it('aborts the start when a required plugin fails, lists every failure, and stops what had started', async () => {
    const kernel = build([
      { package: '@fixture/provider' },
      { package: '@fixture/failing' },
      { package: '@fixture/needs-broken' },
    ]);
    const error = await kernel.start().then(
      () => expect.fail('the deployment started although a required plugin failed'),
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(AggregateStartError);
    const failures = (error as AggregateStartError).errors.map((e) => e.message);
    expect(failures).to.have.length(2);
    expect(failures[0]).to.match(/plugin fixture-failing failed in init: cannot connect to 127\.0\.0\.1:1/);
    expect(failures[1]).to.match(
      /fixture-needs-broken was not started: the plugin providing "broken-thing" failed/,
    );
    expect(fixtureCalls()).to.not.include('needs-broken:init');
    expect(fixtureCalls()).to.include('provider:stop:hello');
  });

  it('runs degraded when an optional plugin fails, and says so in health', async () => {
    const kernel = build([{ package: '@fixture/provider' }, { package: '@fixture/failing', optional: true }]);
    await kernel.start();
    const health = kernel.healthSnapshot();
    expect(health['fixture-provider']).to.deep.equal({ status: 'ok' });
    expect(health['fixture-failing']!.status).to.equal('down');
    expect(health['fixture-failing']!.detail).to.include('cannot connect');
    await kernel.stop();
  });

  it('keeps a plugin from resolving a service it did not declare', async () => {
    const kernel = build([{ package: '@fixture/undeclared' }]);
    const error = await kernel.start().then(
      () => expect.fail('the plugin started although it resolved an undeclared service'),
      (caught: unknown) => caught as AggregateStartError,
    );
    expect(error.errors[0]!.message).to.include(
      'plugin fixture-undeclared resolved "event-bus" without declaring it',
    );
    expect(error.errors[0]!.context).to.deep.equal({ pluginId: 'fixture-undeclared', phase: 'init' });
  });

  it('stop is idempotent and safe to call twice concurrently', async () => {
    const kernel = build([{ package: '@fixture/provider' }]);
    await kernel.start();
    await Promise.all([kernel.stop(), kernel.stop()]);
    expect(fixtureCalls().filter((c) => c === 'provider:stop:hello')).to.have.length(1);
  });

  it('errors are TesseraErrors with stable codes', () => {
    let error: unknown;
    try {
      build([{ package: '@fixture/consumer' }]);
    } catch (caught) {
      error = caught;
    }
    expect(error, 'building the deployment threw').to.be.instanceOf(AggregateStartError);
    expect((error as AggregateStartError).errors.map((e: TesseraError) => e.code)).to.deep.equal([
      'plugin-dependency-missing',
    ]);
  });
});

describe('running part of a deployment', () => {
  const sandbox = pluginSandbox(['provider', 'consumer', 'failing']);
  after(() => sandbox.remove());

  it('runs only the named plugins and what they require', async () => {
    fixtureCalls().splice(0);
    const kernel = Kernel.fromDefinition(
      manifest([
        { package: '@fixture/failing' },
        { package: '@fixture/consumer' },
        { package: '@fixture/provider' },
      ]),
      { baseDir: sandbox.dir, cwd: sandbox.dir, env: {}, only: ['fixture-consumer'] },
    );
    expect(kernel.deployment.plugins.map((p) => p.manifest.id)).to.deep.equal([
      'fixture-provider',
      'fixture-consumer',
    ]);
    await kernel.start();
    await kernel.stop();
    expect(fixtureCalls()).to.not.include('failing:init');
  });

  it('names an unknown plugin id', () => {
    expect(() =>
      Kernel.fromDefinition(manifest([{ package: '@fixture/provider' }]), {
        baseDir: sandbox.dir,
        cwd: sandbox.dir,
        env: {},
        only: ['nope'],
      }),
    ).to.throw(/no plugin with id "nope"/);
  });
});
