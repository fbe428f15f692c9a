import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli, type CliResult } from '../../unit/cli/support/run-built-cli';
import {
  ALICE,
  bootImagesManager,
  SUPERADMIN,
  type Caller,
  type ManagerDeployment,
} from './support/registry-harness';

const PYTHON = 'cr.backend.ai/stable/python:3.12-ubuntu24.04';
const R_BASE = 'cr.backend.ai/stable/r-base:4.4';

/**
 * `tessera admin images list|info|alias|dealias|forget|set-resource-limit` (the built command, as
 * child processes) against a booted manager: tables for people, --json for scripts, and the refused
 * side (exit 1, nothing written).
 */
describe('tessera admin images against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let work: string;
  const cli = (args: string[], caller: Caller = SUPERADMIN): Promise<CliResult> =>
    runCli(args, {
      env: {
        BACKEND_ENDPOINT: deployment.endpoint,
        TESSERA_CONFIG_DIR: join(work, 'config'),
        BACKEND_ACCESS_KEY: caller.accessKey,
        BACKEND_SECRET_KEY: caller.secretKey,
      },
      cwd: work,
    });
  const ok = async (args: string[]): Promise<CliResult> => {
    const result = await cli(args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-images-'));
    deployment = await bootImagesManager();
  });
  after(async () => {
    await deployment?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists images as a table and as JSON, and shows one', async () => {
    const table = (await ok(['admin', 'images', 'list'])).stdout;
    expect(table).to.match(/^NAME\s+ARCH\s+ALIASES\s+RESOURCE LIMITS\s+INSTALLED/);
    expect(table).to.match(/cr\.backend\.ai\/stable\/r-base:4\.4\s+x86_64\s+-\s+mem 2g~\s+yes/);
    const json = JSON.parse((await ok(['admin', 'images', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    const python = json.find((image) => image['name'] === PYTHON)!;
    expect(python).to.include({ architecture: 'x86_64', installed: true, registry: 'cr.backend.ai' });
    expect(python['installed_agents']).to.deep.equal([deployment.agent.agentId]);
    const info = (await ok(['admin', 'images', 'info', PYTHON])).stdout;
    expect(info).to.contain('INSTALLED ON').and.contain(deployment.agent.agentId);
  });

  it('aliases, sets a resource limit keeping the others, dealiases and forgets', async () => {
    expect((await ok(['admin', 'images', 'alias', 'r', R_BASE])).stdout).to.equal(
      `alias r now names ${R_BASE}\n`,
    );
    const viaAlias = JSON.parse((await ok(['admin', 'images', 'info', 'r', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(viaAlias).to.include({ name: R_BASE });
    expect(viaAlias['aliases']).to.deep.equal(['r']);

    await ok(['admin', 'images', 'set-resource-limit', 'r', 'cpu', '--min', '1', '--max', '4']);
    const limited = JSON.parse((await ok(['admin', 'images', 'info', R_BASE, '--json'])).stdout) as {
      resource_limits: unknown;
    };
    expect(limited.resource_limits).to.deep.equal([
      { key: 'cpu', min: '1', max: '4' },
      { key: 'mem', min: '2147483648', max: 'Infinity' },
    ]);

    await ok(['admin', 'images', 'dealias', 'r']);
    const failed = await cli(['admin', 'images', 'dealias', 'r']);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.contain('image alias "r" not found');

    await deployment.db.images.upsertMany([
      { name: 'cr.backend.ai/stable/old:1', architecture: 'x86_64', labels: {}, minSlots: {} },
    ]);
    await ok(['admin', 'images', 'forget', 'cr.backend.ai/stable/old:1']);
    expect(await deployment.db.images.find('cr.backend.ai/stable/old:1')).to.equal(null);
  });

  it('refuses a user (exit 1, nothing written)', async () => {
    const refused = await cli(['admin', 'images', 'alias', 'mine', PYTHON], ALICE);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('may not add image aliases');
    expect((await deployment.db.images.find(PYTHON))!.aliases).to.deep.equal([]);
  });
});
