import { expect } from 'chai';
import { Command } from 'commander';
import { registerImageRescanVerb } from '@tessera/cli';
import { capturedIo, type CapturedIo } from '../../unit/cli/support/captured-io';
import {
  bootImagesManager,
  gql,
  HALFSTACK_UP_TIMEOUT_MS,
  pushImage,
  requireServices,
  SUPERADMIN,
  uniqueProject,
  type ManagerDeployment,
} from './support/registry-harness';

const CREATE = `mutation ($hostname: String!, $props: CreateContainerRegistryInput!) {
  create_container_registry(hostname: $hostname, props: $props) { container_registry { hostname } }
}`;

/**
 * `tessera admin images rescan [REGISTRY]` (registerImageRescanVerb on an `images` group, run in
 * this process): it starts rescan_images and follows the background task's events, one plain line
 * per progress event when stderr is not a terminal, and exits 1 listing the errors when some
 * tags could not be read.
 */
describe('tessera admin images rescan', function () {
  this.timeout(120_000);
  let deployment: ManagerDeployment;
  let host: string;
  let registryUrl: string;
  const project = uniqueProject();

  const run = async (...args: string[]): Promise<{ io: CapturedIo; code: number | null }> => {
    const io = capturedIo({
      env: {
        BACKEND_ENDPOINT: deployment.endpoint,
        BACKEND_ACCESS_KEY: SUPERADMIN.accessKey,
        BACKEND_SECRET_KEY: SUPERADMIN.secretKey,
        TESSERA_CONFIG_DIR: '/nonexistent-tessera-config',
      },
    });
    let code: number | null = null;
    const program = new Command().exitOverride();
    const images = program.command('admin').command('images');
    registerImageRescanVerb(images, { io, debug: () => false, finish: (exit) => (code = exit) });
    try {
      await program.parseAsync(['admin', 'images', 'rescan', ...args], { from: 'user' });
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n`);
      code = 1;
    }
    return { io, code };
  };

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    registryUrl = (await requireServices(['docker', 'registry'])).registry;
    host = new URL(registryUrl).host;
    await pushImage(`${host}/${project}/busybox:1.0`, { 'ai.backend.kernelspec': '1' });
    await pushImage(`${host}/${project}/busybox:2.0`, { 'ai.backend.kernelspec': '1' });
    deployment = await bootImagesManager();
    const answer = await gql(deployment.endpoint, SUPERADMIN, CREATE, {
      hostname: host,
      props: { url: registryUrl, type: 'docker', project: [project] },
    });
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
  });
  after(async () => {
    await deployment?.stop();
  });

  it('follows the task to bgtask_done, printing progress lines on a non-terminal', async () => {
    const { io, code } = await run(host);
    expect(code, io.err()).to.equal(0);
    expect(io.out()).to.equal('rescan done: 2 image(s) updated from 1 of 1 registry\n');
    expect(io.err()).to.match(/^rescan task [0-9a-f-]{36} started\n/);
    for (const line of io.err().split('\n').slice(1, -1)) expect(line).to.match(/^\[\d+\/\d+\] /);
    expect(await deployment.db.images.find(`${host}/${project}/busybox:2.0`)).to.not.equal(null);
  });

  it('--json prints the task id and its final event', async () => {
    const { io, code } = await run(host, '--json');
    expect(code, io.err()).to.equal(0);
    const result = JSON.parse(io.out()) as Record<string, unknown>;
    expect(result).to.deep.include({ event: 'bgtask_done', errors: [] });
    expect(result['task_id']).to.match(/^[0-9a-f-]{36}$/);
    expect(io.err()).to.equal('');
  });

  it('fails naming the registry argument when it names no registry', async () => {
    const { io, code } = await run('missing.example.com');
    expect(code).to.equal(1);
    expect(io.err()).to.include('registry');
    expect(io.err()).to.include('missing.example.com');
  });
});
