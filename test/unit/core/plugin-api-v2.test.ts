import { expect } from 'chai';
import {
  AggregateStartError,
  Kernel,
  TesseraError,
  type DeploymentManifest,
  type PluginEntry,
} from '@tessera/core';
import { fixtureCalls, pluginSandbox } from '../../support/plugin-sandbox';

const FIXTURES = [
  'host',
  'second-host',
  'widget-a',
  'widget-b',
  'widget-broken',
  'stray-widget',
  'undeclared-contribution',
  'gadget-one',
  'gadget-v2',
  'slow',
  'esm-only',
  'drifted',
  'typo-schema',
  'schema-file',
  'codes-a',
  'codes-b',
  'v1-plugin',
  'provider',
];

function manifest(plugins: PluginEntry[], extra: Partial<DeploymentManifest> = {}): DeploymentManifest {
  return {
    apiVersion: 'tessera/v1',
    kind: 'Deployment',
    name: 'plugin-api-v2',
    roles: ['manager'],
    logging: { level: 'silent' },
    stopTimeout: 2,
    plugins,
    ...extra,
  };
}

/** What a start that must fail threw; fails the test when the start succeeds. */
async function startFailure(kernel: Kernel): Promise<AggregateStartError> {
  const error = await kernel.start().then(
    () => expect.fail('the deployment started'),
    (caught: unknown) => caught,
  );
  expect(error).to.be.instanceOf(AggregateStartError);
  return error as AggregateStartError;
}

/** What building (resolving) a deployment threw; fails the test when it did not throw. */
function resolveFailure(build: () => unknown): AggregateStartError {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  expect(error, 'the deployment was refused').to.be.instanceOf(AggregateStartError);
  return error as AggregateStartError;
}

describe('plugin API v2', () => {
  const sandbox = pluginSandbox(FIXTURES);
  const build = (plugins: PluginEntry[], extra?: Partial<DeploymentManifest>) =>
    Kernel.fromDefinition(manifest(plugins, extra), { baseDir: sandbox.dir, cwd: sandbox.dir, env: {} });
  const gadget = { package: '@fixture/gadget-one' };

  beforeEach(() => fixtureCalls().splice(0));
  after(() => sandbox.remove());

  describe('extension points', () => {
    it('initialises contributors before the owner, which sees every contribution with its plugin id', async () => {
      const kernel = build([
        { package: '@fixture/host' },
        gadget,
        { package: '@fixture/widget-b' },
        { package: '@fixture/widget-a' },
      ]);
      await kernel.start();
      await kernel.stop();
      const calls = fixtureCalls();
      expect(calls).to.include('host:init:fixture-widget-a=red,fixture-widget-b=blue');
      expect(calls.indexOf('widget-a:init')).to.be.lessThan(
        calls.indexOf('host:init:fixture-widget-a=red,fixture-widget-b=blue'),
      );
      expect(calls.indexOf('widget-b:init')).to.be.lessThan(
        calls.indexOf('host:init:fixture-widget-a=red,fixture-widget-b=blue'),
      );
    });

    it('refuses a point owned by two plugins, naming both', () => {
      const error = resolveFailure(() =>
        build([{ package: '@fixture/host' }, gadget, { package: '@fixture/second-host' }]),
      );
      expect(error.message).to.include(
        'extension point "fixture-host/widgets" is owned by both fixture-host and fixture-second-host',
      );
    });

    it('refuses a contribution to a point nobody owns, naming the contributor and the point', () => {
      const error = resolveFailure(() => build([{ package: '@fixture/stray-widget' }]));
      expect(error.message).to.include(
        'plugin fixture-stray-widget contributes to extension point "nobody/widgets", which no plugin in the manifest owns',
      );
    });

    it('refuses a contribution the plugin did not declare in tessera.contributes', async () => {
      const kernel = build([
        { package: '@fixture/host' },
        gadget,
        { package: '@fixture/undeclared-contribution' },
      ]);
      const error = await startFailure(kernel);
      expect(error.errors[0]!.message).to.include(
        'plugin fixture-undeclared-contribution contributed to "fixture-host/widgets" without declaring it in tessera.contributes',
      );
      expect(error.errors[0]!.context).to.deep.equal({
        pluginId: 'fixture-undeclared-contribution',
        phase: 'register',
      });
    });

    it('drops the contributions of an optional contributor that failed; the owner runs without them', async () => {
      const kernel = build([
        { package: '@fixture/host' },
        gadget,
        { package: '@fixture/widget-broken', optional: true },
        { package: '@fixture/widget-a' },
      ]);
      await kernel.start();
      await kernel.stop();
      expect(fixtureCalls()).to.include('host:init:fixture-widget-a=red');
      expect(kernel.healthSnapshot()['fixture-widget-broken']!.status).to.equal('down');
    });
  });

  describe('kinds declared by plugins', () => {
    it('registers implementations of a declared kind in its named registry', async () => {
      const kernel = build([{ package: '@fixture/host' }, gadget]);
      await kernel.start();
      await kernel.stop();
      expect(fixtureCalls()).to.include('host:gadgets:one');
    });

    it('refuses an implementation of a contract major the owner does not speak', () => {
      const error = resolveFailure(() =>
        build([{ package: '@fixture/host' }, gadget, { package: '@fixture/gadget-v2' }]),
      );
      expect(error.message).to.include(
        '@fixture/gadget-v2 implements gadget/v2, but fixture-host speaks gadget/v1',
      );
    });

    it('refuses a plugin of a kind nobody in the deployment declares', () => {
      const error = resolveFailure(() => build([gadget]));
      expect(error.message).to.include(
        '@fixture/gadget-one is of kind "gadget", which neither the core nor any plugin in this deployment declares',
      );
    });
  });

  describe('loading', () => {
    it('loads an ESM-only package with import()', async () => {
      const kernel = build([{ package: '@fixture/esm-only' }]);
      await kernel.start();
      try {
        expect(kernel.resolve<{ greet(n: string): string }>('greeting').greet('operator')).to.equal(
          'esm says hi, operator',
        );
      } finally {
        await kernel.stop();
      }
    });

    it('refuses a plugin whose code deps differ from its package.json, showing both lists', async () => {
      const error = await startFailure(
        build([{ package: '@fixture/drifted' }, { package: '@fixture/provider' }]),
      );
      expect(error.errors[0]!.message).to.include(
        "plugin fixture-drifted: package.json tessera.requires is [greeting] but the code's deps declare [event-bus]",
      );
      expect(error.errors[0]!.code).to.equal('plugin-manifest-invalid');
    });

    it('says a first-API definition must move to plugin API v2', async () => {
      const error = await startFailure(build([{ package: '@fixture/v1-plugin' }]));
      expect(error.errors[0]!.message).to.include('exports a definition of the first plugin API');
    });

    it('fails the start naming the plugin that did not finish init within its timeout', async () => {
      const kernel = build([{ package: '@fixture/slow', timeout: 0.05 }]);
      try {
        const error = await startFailure(kernel);
        expect(error.errors[0]!.code).to.equal('plugin-timeout');
        expect(error.errors[0]!.message).to.include('plugin fixture-slow did not finish init within 0.05 s');
        expect(error.errors[0]!.context).to.deep.equal({ pluginId: 'fixture-slow', phase: 'init' });
      } finally {
        (globalThis as { __tesseraReleaseSlow?: () => void }).__tesseraReleaseSlow?.();
      }
    });
  });

  describe('config schemas', () => {
    it('rejects a misspelled schema keyword (ajv strict mode), naming it', () => {
      const error = resolveFailure(() => build([{ package: '@fixture/typo-schema' }]));
      expect(error.message).to.match(/tessera\.configSchema does not compile: .*unknown keyword: "defualt"/);
    });

    it('reads a configSchema given as a JSON file in the package, defaults included', async () => {
      const kernel = build([{ package: '@fixture/schema-file' }]);
      await kernel.start();
      try {
        expect(kernel.resolve<{ greet(n: string): string }>('greeting').greet('you')).to.equal(
          'from a file, you',
        );
      } finally {
        await kernel.stop();
      }
    });
  });

  describe('error codes owned by plugins', () => {
    it('refuses two plugins claiming one error code, naming both owners', async () => {
      const error = await startFailure(
        build([{ package: '@fixture/codes-a' }, { package: '@fixture/codes-b' }]),
      );
      expect(error.errors[0]!.message).to.include(
        'error code "widget-jammed" of @fixture/codes-b (plugin fixture-codes-b) is already defined by @fixture/codes-a',
      );
    });

    it("carries a plugin code's status and problem type on the error it builds", async () => {
      const { defineErrorCodes } = await import('@tessera/core');
      const codes = defineErrorCodes('@acme/npu', {
        'npu-device-lost': { status: 503, problem: 'service-unavailable' },
      });
      const error = codes.error('npu-device-lost', 'NPU 3 stopped answering', { index: 3 });
      expect(error).to.be.instanceOf(TesseraError);
      expect(error).to.include({ code: 'npu-device-lost', status: 503 });
      expect(error.problemType).to.equal('https://api.backend.ai/probs/service-unavailable');
      const wrapped = TesseraError.fromPlugin('accelerator-npu', 'init', error);
      expect(wrapped).to.include({ code: 'npu-device-lost', status: 503 });
    });
  });
});
