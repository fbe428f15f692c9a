import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kernel } from '@tessera/core';
import { signedCall, SUPERADMIN } from '../manager/graphql-harness';
import { REPO_ROOT } from '../../support/plugin-sandbox';

/** The operator's Tessera install, linked into the project: the vendor package's peers and the plugins the manifest names. */
const TESSERA_INSTALL: Record<string, string> = {
  '@tessera/core': 'core',
  '@tessera/manager': 'plugins/manager',
  '@tessera/database': 'plugins/database',
  '@tessera/event-bus-embedded': 'plugins/event-bus-embedded',
  '@koa/router': 'node_modules/@koa/router',
  tsyringe: 'node_modules/tsyringe',
  'type-graphql': 'node_modules/type-graphql',
  'reflect-metadata': 'node_modules/reflect-metadata',
};

/**
 * The worked example of docs/writing-plugins.md: a vendor's manager feature, built and packed with
 * `npm pack`, installed from the tarball into an operator's project, adds a REST route and a
 * GraphQL query to the manager with one manifest line and no change to Tessera.
 */
describe('a third-party manager feature installed from a tarball', function () {
  this.timeout(60_000);
  let project: string;
  let kernel: Kernel;
  let endpoint: string;

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'tessera-operator-'));
    const tarball = execFileSync(
      'npm',
      ['pack', '--silent', '--pack-destination', project, join(REPO_ROOT, 'test/fixtures/vendor/acme-hello')],
      { cwd: project, encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'pipe' });
    // The package's peers are the operator's Tessera install, linked below (npm would fetch them).
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--offline', '--legacy-peer-deps', join(project, tarball)],
      {
        cwd: project,
        stdio: 'pipe',
      },
    );
    for (const [name, folder] of Object.entries(TESSERA_INSTALL)) {
      const link = join(project, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(REPO_ROOT, folder), link, 'dir');
    }
    kernel = Kernel.fromDefinition(
      {
        apiVersion: 'tessera/v1',
        kind: 'Deployment',
        name: 'operator',
        roles: ['manager'],
        dataDir: join(project, 'var'),
        logging: { level: 'silent' },
        plugins: [
          { package: '@tessera/event-bus-embedded' },
          { package: '@tessera/database', config: { path: ':memory:', exampleFixtures: true } },
          { package: '@tessera/manager', config: { service: { host: '127.0.0.1', port: 0 } } },
          { package: '@acme/tessera-hello', config: { greeting: 'welcome' } },
        ],
      },
      { baseDir: project, cwd: project, env: {} },
    );
    await kernel.start();
    endpoint = kernel.endpoints()['manager.api']!;
  });

  after(async () => {
    await kernel?.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it('serves the contributed REST route to a signed caller, with its config and its typed deps', async () => {
    const answer = await signedCall(endpoint, SUPERADMIN, 'GET', '/acme/hello');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({
      greeting: 'welcome, admin@lablup.com',
      accessKey: SUPERADMIN.accessKey,
    });
  });

  it("puts the contributed route behind the manager's signature check", async () => {
    const response = await fetch(new URL('/acme/hello', endpoint));
    expect(response.status).to.equal(401);
    expect(response.headers.get('content-type')).to.include('application/problem+json');
  });

  it('answers the contributed GraphQL query', async () => {
    const named = await signedCall(endpoint, SUPERADMIN, 'POST', '/admin/gql', {
      query: 'query { acme_hello(name: "operator") }',
    });
    expect(named.body).to.deep.equal({ data: { acme_hello: 'welcome, operator' } });
    const caller = await signedCall(endpoint, SUPERADMIN, 'POST', '/admin/graphql', {
      query: '{ acme_hello }',
    });
    expect(caller.body).to.deep.equal({ acme_hello: 'welcome, admin@lablup.com' });
  });

  it('runs without the features it was not given: no session routes in this deployment', async () => {
    const answer = await signedCall(endpoint, SUPERADMIN, 'GET', '/session/nope');
    expect(answer.status).to.equal(404);
    expect(answer.body).to.include({ type: 'https://api.backend.ai/probs/url-not-found' });
  });
});
