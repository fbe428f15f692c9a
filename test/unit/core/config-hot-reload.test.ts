import { expect } from 'chai';
import { Writable } from 'node:stream';
import { AggregateStartError, Kernel, type ConfigStore, type DeploymentManifest } from '@tessera/core';
import { eventually } from '../../support/eventually';
import { pluginSandbox } from '../../support/plugin-sandbox';

type Seen = Array<{ phase: string; config: Record<string, unknown>; previous?: Record<string, unknown> }>;
const seen = (): Seen => ((globalThis as { __tesseraReloadable?: Seen }).__tesseraReloadable ??= []);
const PREFIX = 'config/plugins/service/fixture-reloadable/';

describe('plugin config from the config store, with hot reload', () => {
  const sandbox = pluginSandbox(['reloadable'], ['core', 'plugins/config-store-embedded']);
  after(() => sandbox.remove());
  const logLines: string[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  beforeEach(() => {
    seen().splice(0);
    logLines.splice(0);
  });

  function boot(initial: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    const manifest: DeploymentManifest = {
      apiVersion: 'tessera/v1',
      kind: 'Deployment',
      name: 'reload',
      roles: ['manager'],
      logging: { level: 'error', format: 'json' },
      plugins: [
        { package: '@fixture/reloadable' },
        { package: '@tessera/config-store-embedded', config: { file: '', initial } },
      ],
    };
    return Kernel.fromDefinition(manifest, {
      baseDir: sandbox.dir,
      cwd: sandbox.dir,
      env,
      logDestination: logs,
    });
  }

  it('lays the store over the manifest before init, and hands valid changes to the plugin', async () => {
    const kernel = boot({ [`${PREFIX}greeting`]: 'hola' });
    await kernel.start();
    try {
      expect(seen()[0]).to.deep.equal({ phase: 'init', config: { greeting: 'hola', numRetries: 1 } });
      const store = kernel.resolve<ConfigStore>('config-store');
      await store.put(`${PREFIX}num_retries`, '3');
      await eventually(() => seen().length === 2, 'the change');
      expect(seen()[1]).to.deep.include({ phase: 'change', config: { greeting: 'hola', numRetries: 3 } });
      expect(seen()[1]).to.have.deep.property('instance', { initialized: true });
      expect(seen()[1]!.previous).to.deep.equal({ greeting: 'hola', numRetries: 1 });
    } finally {
      await kernel.stop();
    }
  });

  it('refuses an invalid change and keeps the last good config until the store is valid again', async () => {
    const kernel = boot({});
    await kernel.start();
    try {
      const store = kernel.resolve<ConfigStore>('config-store');
      await store.put(`${PREFIX}numRetries`, '"many"');
      const refused = await eventually(
        () => logLines.find((line) => line.includes('config change refused')) ?? false,
        'the refusal in the log',
      );
      expect(seen().map((s) => s.phase)).to.deep.equal(['init']);
      const refusal = JSON.parse(refused) as { error: string };
      expect(refusal.error)
        .to.include(`config store key ${PREFIX}numRetries`)
        .and.to.include('expected integer');
      await store.put(`${PREFIX}numRetries`, '2');
      await eventually(() => seen().length === 2, 'the valid change');
      expect(seen()[1]!.config).to.deep.equal({ greeting: 'hello', numRetries: 2 });
    } finally {
      await kernel.stop();
    }
  });

  it('lets the environment win over the store', async () => {
    const kernel = boot(
      { [`${PREFIX}greeting`]: 'hola' },
      { TESSERA_FIXTURE_RELOADABLE__GREETING: 'from-env' },
    );
    await kernel.start();
    await kernel.stop();
    expect(seen()[0]!.config.greeting).to.equal('from-env');
  });

  it('fails the start on an invalid stored value, naming the key', async () => {
    const kernel = boot({ [`${PREFIX}numRetries`]: '-2' });
    const error = await kernel.start().then(
      () => expect.fail('started with an invalid stored value'),
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(AggregateStartError);
    expect((error as Error).message)
      .to.include(`config store key ${PREFIX}numRetries`)
      .and.to.include('/numRetries');
  });
});
