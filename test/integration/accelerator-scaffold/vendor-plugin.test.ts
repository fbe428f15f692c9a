import { expect } from 'chai';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_VERSION, Kernel, type Database } from '@tessera/core';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { expectSuccess, npm, scratchInRepo, tessera } from './support/scaffold';

const PACKAGE = '@vendor/tessera-npu';
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The all-in-one manifest with the vendor's plugin added by one line. */
function allInOneWith(line: string): string {
  const manifest = readFileSync(join(REPO_ROOT, 'manifests', 'all-in-one.yaml'), 'utf8');
  expect(manifest).to.match(/^plugins:\n/m);
  return manifest.replace(/^plugins:\n/m, `plugins:\n${line}\n`);
}

/** A minimal agent-only manifest naming the vendor's plugin (resolution fails before anything runs). */
function agentManifest(config?: Record<string, unknown>): string {
  return [
    'apiVersion: tessera/v1',
    'kind: Deployment',
    'name: vendor-refusal',
    'roles: [agent]',
    'plugins:',
    `  - package: '${PACKAGE}'`,
    ...(config ? [`    config: ${JSON.stringify(config)}`] : []),
    '',
  ].join('\n');
}

async function startFailure(manifestPath: string): Promise<Error> {
  const outcome = await Kernel.fromManifest(manifestPath, { cwd: REPO_ROOT, env: {} }).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(outcome, 'the start is refused').to.be.instanceOf(Error);
  return outcome!;
}

/**
 * A vendor's accelerator plugin, for real: made by `tessera plugin new accelerator`, built and
 * packed with npm, installed from the tarball into a deployment folder, and added to an
 * all-in-one manifest with one line. The deployment folder lives under the repository's build/
 * folder, so the installed plugin's peer dependency @tessera/core resolves to the repository's core
 * (what `npm install @tessera/core` would give a real deployment) and nothing comes from a registry.
 */
describe('vendor accelerator plugin: scaffold, npm pack, install, one manifest line', function () {
  this.timeout(180_000);
  let scratch: { dir: string; remove(): void };
  let deployment: string;
  let installed: string;

  before(async () => {
    scratch = scratchInRepo('vendor-plugin');
    const source = join(scratch.dir, 'tessera-npu');
    expectSuccess(
      'tessera plugin new',
      await tessera(['plugin', 'new', 'accelerator', PACKAGE, '--dir', source], scratch.dir),
    );
    // `npm pack` builds first (the package's prepack script), then packs what `files` lists.
    const packed = expectSuccess('npm pack', await npm(['pack', '--pack-destination', scratch.dir], source));
    const tarball = join(scratch.dir, packed.stdout.trim().split('\n').pop()!);
    expect(existsSync(tarball), tarball).to.equal(true);

    deployment = join(scratch.dir, 'deployment');
    mkdirSync(deployment);
    writeFileSync(
      join(deployment, 'package.json'),
      JSON.stringify({ name: 'npu-deployment', private: true }),
    );
    // --legacy-peer-deps: the peer @tessera/core is not on any registry reachable offline; the
    // deployment's core is the repository's (see above). Everything else is in the tarball.
    expectSuccess(
      'npm install',
      await npm(
        ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', tarball],
        deployment,
      ),
    );
    installed = join(deployment, 'node_modules', '@vendor', 'tessera-npu');
    expect(existsSync(join(installed, 'dist', 'src', 'index.js')), 'the built plugin is installed').to.equal(
      true,
    );
    expect(existsSync(join(installed, 'src')), 'sources are not packed').to.equal(false);
  });
  after(() => scratch?.remove());

  describe('in an all-in-one deployment', () => {
    let kernel: Kernel;
    let dataDir: string;
    let endpoint: string;

    before(async () => {
      dataDir = join(scratch.dir, 'data');
      const manifestPath = join(deployment, 'tessera.yaml');
      writeFileSync(manifestPath, allInOneWith(`  - package: '${PACKAGE}'`));
      const port = await freePort();
      endpoint = `http://127.0.0.1:${port}`;
      kernel = await Kernel.fromManifest(manifestPath, {
        env: { TESSERA_DATA_DIR: dataDir, TESSERA_MANAGER_PORT: String(port), TESSERA_LOG_LEVEL: 'silent' },
        cwd: REPO_ROOT,
      });
      await kernel.start();
    });
    after(async () => {
      await kernel?.stop();
    });

    it("shows the plugin's slot in GET /config/resource-slots and in the agent's heartbeat", async () => {
      await eventually(async () => {
        const slots = (await (await fetch(`${endpoint}/config/resource-slots`)).json()) as Record<
          string,
          string
        >;
        expect(slots).to.include({ 'npu.device': 'count', 'cuda.device': 'count' });
      }, 'npu.device among the cluster slot types');
      const database = kernel.resolve<Database>('database');
      const [agent] = await database.agents.listByStatus(['ALIVE']);
      expect(agent, 'the all-in-one agent').to.exist;
      expect(agent!.availableSlots).to.include({ 'npu.device': '2' });
      expect(agent!.computePlugins['npu']).to.include({ version: '0.1.0', modelName: 'NPU Accelerator' });
    });

    it('schedules a session asking for the slot onto that agent; its kernel gets the plugin environment', async () => {
      const env = {
        BACKEND_ENDPOINT: endpoint,
        BACKEND_ACCESS_KEY: ACCESS_KEY,
        BACKEND_SECRET_KEY: SECRET_KEY,
      };
      const code = 'import os\nfor k in sorted(os.environ):\n    print(k + "=" + os.environ[k])';
      const ran = await tessera(
        ['run', '-t', 'vendor-npu', '-r', 'npu.device=1', '-c', code, 'python:3'],
        deployment,
        env,
      );
      expect(ran.stderr).to.not.match(/Error|at .*\.js/);
      expect(ran.status).to.equal(0);
      const environ = ran.stdout.split('\n');
      expect(environ).to.include.members([
        'NPU_VISIBLE_DEVICES=0',
        'NPU_DEVICE_COUNT=1',
        'NPU_MODEL_NAME=NPU Accelerator',
      ]);

      const database = kernel.resolve<Database>('database');
      const session = await database.sessions.findActiveByName(ACCESS_KEY, 'vendor-npu');
      expect(session, 'the session is running').to.exist;
      expect(session!.requestedSlots).to.include({ 'npu.device': '1' });
      const [agent] = await database.agents.listByStatus(['ALIVE']);
      expect(session!.kernels.map((k) => k.agentId)).to.deep.equal([agent!.id]);
      await eventually(async () => {
        const occupied = (await database.agents.get(agent!.id))!.occupiedSlots;
        expect(Number(occupied['npu.device'])).to.equal(1);
      }, 'the agent to count one npu.device as occupied');

      expectSuccess('tessera rm', await tessera(['rm', 'vendor-npu'], deployment, env));
      await eventually(async () => {
        const occupied = (await database.agents.get(agent!.id))!.occupiedSlots;
        expect(Number(occupied['npu.device'] ?? 0)).to.equal(0);
      }, 'the npu.device to be given back');
    });
  });

  describe('refusals at start', () => {
    it('refuses a plugin whose contract major this core does not speak, naming both versions', async () => {
      const other = join(scratch.dir, 'deployment-v2');
      const copy = join(other, 'node_modules', '@vendor', 'tessera-npu');
      cpSync(installed, copy, { recursive: true });
      const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as {
        tessera: { contract: string };
      };
      pkg.tessera.contract = 'accelerator/v2';
      writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg, null, 2));
      writeFileSync(join(other, 'tessera.yaml'), agentManifest());
      const refusal = `${PACKAGE} implements accelerator/v2, but this core (${CORE_VERSION}) supports accelerator/v1`;
      const error = await startFailure(join(other, 'tessera.yaml'));
      expect(error.message).to.include(refusal);
      const up = await tessera(['up', 'tessera.yaml'], other);
      expect(up.status, 'tessera up exits 1').to.equal(1);
      expect(up.stderr).to.include(refusal);
    });

    it('refuses an invalid config, naming the JSON path of each problem and what is expected', async () => {
      const manifestPath = join(deployment, 'bad-config.yaml');
      writeFileSync(manifestPath, agentManifest({ deviceCount: 'four', memorySize: 'lots', color: 'red' }));
      const error = await startFailure(manifestPath);
      // Each problem names the manifest line and column, the JSON path inside the config and what is expected.
      const at = (column: number) => `${manifestPath}:7:${column}: ${PACKAGE} config`;
      expect(error.message).to.include(`${at(28)}/deviceCount: expected integer, found "four"`);
      expect(error.message).to.include(`${at(48)}/memorySize: expected a value matching ^[0-9]+[kKmMgGtT]?$`);
      expect(error.message).to.include(
        `${at(63)}/color: unknown property "color"; expected one of: deviceCount`,
      );
    });
  });
});
