import { expect } from 'chai';
import { join } from 'node:path';
import { AggregateStartError, TesseraError, validateDeployment } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'manifests');

async function failure(file: string, env: NodeJS.ProcessEnv = {}): Promise<TesseraError> {
  try {
    await validateDeployment(join(FIXTURES, 'bad', file), { env, cwd: REPO_ROOT });
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error(`${file} was accepted`);
}

function codes(error: TesseraError): string[] {
  return error instanceof AggregateStartError ? error.errors.map((e) => e.code) : [error.code];
}

describe('deployment manifest validation', () => {
  it('accepts a valid manifest, applies schema defaults and keeps manifest values', async () => {
    const deployment = await validateDeployment(join(FIXTURES, 'good', 'minimal.yaml'), {
      env: {},
      cwd: REPO_ROOT,
    });
    const bus = deployment.plugins.find((p) => p.manifest.id === 'event-bus-embedded')!;
    expect(bus.config).to.deep.equal({ maxRetries: 5, retryDelayMs: 200 });
    expect(deployment.plugins.map((p) => p.manifest.id)).to.have.members([
      'event-bus-embedded',
      'lock-embedded',
    ]);
  });

  it('lets environment overrides win over the manifest', async () => {
    const deployment = await validateDeployment(join(FIXTURES, 'good', 'minimal.yaml'), {
      env: { TESSERA_EVENT_BUS_EMBEDDED__MAX_RETRIES: '7' },
      cwd: REPO_ROOT,
    });
    expect(
      deployment.plugins.find((p) => p.manifest.id === 'event-bus-embedded')!.config.maxRetries,
    ).to.equal(7);
  });

  it('fills ${VAR} references, typing a whole-value reference by what it expands to', async () => {
    const load = (env: NodeJS.ProcessEnv) =>
      validateDeployment(join(FIXTURES, 'good', 'env.yaml'), { env, cwd: REPO_ROOT });
    const byId = (d: Awaited<ReturnType<typeof load>>, id: string) =>
      d.plugins.find((p) => p.manifest.id === id)!.config;
    const defaults = await load({ TEST_SUFFIX: 'a' });
    expect(byId(defaults, 'event-bus-embedded').maxRetries).to.equal(4);
    expect(byId(defaults, 'config-store-embedded').file).to.equal('store-a.json');
    const set = await load({ TEST_SUFFIX: 'b', TEST_RETRIES: '9', TEST_RETRY_DELAY: '25' });
    expect(byId(set, 'event-bus-embedded').maxRetries).to.equal(9);
    expect(byId(set, 'event-bus-embedded').retryDelayMs).to.equal(25);
  });

  it('leaves out a key whose value is one reference expanding to nothing, so the default applies', async () => {
    const deployment = await validateDeployment(join(FIXTURES, 'good', 'env.yaml'), {
      env: { TEST_SUFFIX: 'a' },
      cwd: REPO_ROOT,
    });
    const config = deployment.plugins.find((p) => p.manifest.id === 'event-bus-embedded')!.config;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require('@tessera/event-bus-embedded/package.json') as {
      tessera: { configSchema: { properties: { retryDelayMs: { default: number } } } };
    };
    const shipped = manifest.tessera.configSchema.properties.retryDelayMs.default;
    expect(shipped).to.be.a('number');
    expect(config.retryDelayMs).to.equal(shipped);
  });

  it('does not coerce a wrong type from the file itself', async () => {
    const error = await failure('wrong-type.yaml');
    expect(error.code).to.equal('manifest-invalid');
  });

  // Each bad manifest must fail with a stable code and a message naming where and what.
  const corpus: Array<{ file: string; code: string; mentions: string[] }> = [
    {
      file: 'yaml-syntax.yaml',
      code: 'manifest-syntax',
      mentions: ['yaml-syntax.yaml:5:1', 'YAML syntax error'],
    },
    {
      file: 'wrong-type.yaml',
      code: 'plugin-config-invalid',
      mentions: ['wrong-type.yaml:8:19', '/maxRetries', 'expected integer', '"three"'],
    },
    {
      file: 'unknown-package.yaml',
      code: 'plugin-not-installed',
      mentions: [
        'unknown-package.yaml:6:',
        '@acme/tessera-does-not-exist',
        'npm install @acme/tessera-does-not-exist',
      ],
    },
    {
      file: 'unknown-field.yaml',
      code: 'manifest-invalid',
      mentions: [
        'unknown-field.yaml:5:1',
        'unknown property "plugin"',
        'missing required property "plugins"',
      ],
    },
    {
      file: 'unknown-role.yaml',
      code: 'manifest-invalid',
      mentions: ['/roles/1', '"scheduler"', 'expected one of'],
    },
    {
      file: 'unknown-config-key.yaml',
      code: 'plugin-config-invalid',
      mentions: ['unknown property "maxRetry"', 'maxRetries'],
    },
    {
      file: 'missing-env.yaml',
      code: 'manifest-invalid',
      mentions: ['TESSERA_TEST_SURELY_UNSET_VARIABLE', '/plugins/0/config/file', 'missing-env.yaml:8:'],
    },
    { file: 'duplicate-provider.yaml', code: 'plugin-duplicate', mentions: ['event-bus'] },
    { file: 'bad-default.yaml', code: 'manifest-invalid', mentions: ['defaults.scheduler', '"drf"'] },
    {
      file: 'not-a-plugin.yaml',
      code: 'plugin-manifest-invalid',
      mentions: ['"yaml" is not a Tessera plugin'],
    },
    {
      file: 'wrong-api-version.yaml',
      code: 'manifest-invalid',
      mentions: ['/apiVersion', '"tessera/v1"', '"tessera/v2"'],
    },
  ];
  for (const { file, code, mentions } of corpus) {
    it(`refuses ${file} with ${code}`, async () => {
      const error = await failure(file);
      expect(codes(error)).to.include(code);
      for (const text of mentions) expect(error.message).to.include(text);
    });
  }

  it('reports every problem of a manifest at once', async () => {
    const error = await failure('unknown-field.yaml');
    expect(error.message)
      .to.include('unknown property "plugin"')
      .and.to.include('missing required property "plugins"');
  });

  it('names a missing manifest file', async () => {
    try {
      await validateDeployment(join(FIXTURES, 'nope.yaml'), { env: {} });
      expect.fail('accepted a missing file');
    } catch (error) {
      expect((error as TesseraError).code).to.equal('manifest-not-found');
      expect((error as Error).message)
        .to.include('nope.yaml')
        .and.to.include('ENOENT');
    }
  });
});
