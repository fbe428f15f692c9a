import { expect } from 'chai';
import type { ImageRecord } from '@tessera/core';
import {
  ALICE,
  bootImagesManager,
  configDigest,
  deleteBlob,
  DOMAIN_ADMIN,
  followTask,
  gql,
  HALFSTACK_UP_TIMEOUT_MS,
  labelledImage,
  MONITOR,
  pushImage,
  pushManifestList,
  removeLocalImages,
  requireServices,
  SUPERADMIN,
  uniqueProject,
  type Caller,
  type ManagerDeployment,
  type ReceivedEvent,
} from './support/registry-harness';

const CREATE = `mutation ($hostname: String!, $props: CreateContainerRegistryInput!) {
  create_container_registry(hostname: $hostname, props: $props) { container_registry { hostname } }
}`;
const RESCAN = `mutation ($registry: String) { rescan_images(registry: $registry) { ok msg task_id } }`;

const KERNEL_LABELS = {
  'ai.backend.kernelspec': '1',
  'ai.backend.features': 'batch query uid-match',
  'ai.backend.resource.min.cpu': '1',
  'ai.backend.resource.min.mem': '64m',
};

/** The events of a task's stream: progress (non-decreasing), then one terminal event, then server_close. */
function expectTaskStream(events: ReceivedEvent[], terminal: string): ReceivedEvent {
  const names = events.map((event) => event.event);
  expect(names.at(-1)).to.equal('server_close');
  expect(names.at(-2), names.join(' ')).to.equal(terminal);
  const updates = events.filter((event) => event.event === 'bgtask_updated');
  for (const [index, update] of updates.entries()) {
    const current = update.json['current_progress'] as number;
    expect(current).to.be.at.most(update.json['total_progress'] as number);
    if (index > 0) expect(current).to.be.at.least(updates[index - 1]!.json['current_progress'] as number);
  }
  return events.at(-2)!;
}

describe('manager-images: rescan_images as a background task', function () {
  this.timeout(120_000);
  let deployment: ManagerDeployment;
  let registryUrl: string;
  let host: string;
  const project = uniqueProject();
  const localTag = `tessera-test/${project}:local`;

  const call = (caller: Caller, query: string, variables: Record<string, unknown> = {}) =>
    gql(deployment.endpoint, caller, query, variables);
  const rescan = async (caller: Caller, registry?: string): Promise<string> => {
    const answer = await call(caller, RESCAN, registry === undefined ? {} : { registry });
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    const result = answer.data!['rescan_images'] as { ok: boolean; msg: string; task_id: string };
    expect(result.ok).to.equal(true);
    expect(result.task_id).to.match(/^[0-9a-f-]{36}$/);
    return result.task_id;
  };
  const addRegistry = async (hostname: string, props: Record<string, unknown>) => {
    const answer = await call(SUPERADMIN, CREATE, { hostname, props });
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
  };
  const image = (name: string, architecture = 'x86_64'): Promise<ImageRecord | null> =>
    deployment.db.images.find(name, architecture);

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    const addresses = await requireServices(['docker', 'registry']);
    registryUrl = addresses.registry;
    host = new URL(registryUrl).host;
    await pushImage(`${host}/${project}/busybox:1.0`, KERNEL_LABELS);
    // The base image is a kernel image: an empty kernelspec makes this one an image Backend.AI would not run.
    await pushImage(`${host}/${project}/busybox:plain`, { 'ai.backend.kernelspec': '' });
    await pushManifestList(`${host}/${project}/multi:1.0`, KERNEL_LABELS);
    await pushImage(`${host}/${project}/broken:1.0`, { ...KERNEL_LABELS, 'tessera.test.broken': project });
    await deleteBlob(
      registryUrl,
      `${project}/broken`,
      await configDigest(registryUrl, `${project}/broken`, '1.0'),
    );
    await labelledImage(localTag, { ...KERNEL_LABELS, 'tessera.test.local': project });
    deployment = await bootImagesManager();
    await addRegistry(host, { url: registryUrl, type: 'docker', project: [project] });
  });
  after(async () => {
    await deployment?.stop();
    await removeLocalImages(localTag);
  });

  it('scans the Docker registry: rows with labels, digest, size and each architecture of a manifest list', async () => {
    const progress: Array<{
      taskId: string;
      currentProgress: number;
      totalProgress: number;
      message: string | null;
    }> = [];
    const subscription = await deployment.bus.subscribe('bgtask_updated', 'rescan-test', (envelope) => {
      progress.push(envelope.payload);
    });
    const taskId = await rescan(SUPERADMIN, host);
    const events = await followTask(deployment, SUPERADMIN, taskId);
    await deployment.bus.drain();
    await subscription.unsubscribe();
    const end = expectTaskStream(events, 'bgtask_partial_success');
    // On the bus: one bgtask_updated as the task starts, then one per tag (busybox 1.0 and plain, the
    // two tags pushed for the list, the list itself, the broken tag), up to 6 of 6.
    const ours = progress.filter((update) => update.taskId === taskId);
    expect(ours[0]).to.deep.include({ currentProgress: 0, totalProgress: 0 });
    expect(ours.at(-1)).to.deep.include({ currentProgress: 6, totalProgress: 6 });
    const messages = ours.map((update) => update.message);
    expect(messages).to.include(`Updated ${host}/${project}/busybox:1.0 (x86_64)`);
    expect(messages).to.include(`Updated ${host}/${project}/multi:1.0 (x86_64, aarch64)`);
    expect(messages).to.include(
      `Skipped ${host}/${project}/busybox:plain (no supported ai.backend.kernelspec label)`,
    );
    expect(messages).to.include(`Failed ${host}/${project}/broken:1.0`);
    // The tag whose config blob is gone is an error of the task, not its end.
    expect(end.json['errors']).to.be.an('array').with.lengthOf(1);
    expect((end.json['errors'] as string[])[0]).to.include(`${host}/${project}/broken:1.0`);
    expect(end.json['message']).to.match(/image\(s\) updated from 1 of 1 registry/);

    const busybox = await image(`${host}/${project}/busybox:1.0`);
    expect(busybox, 'busybox:1.0').to.not.equal(null);
    expect(busybox!.labels).to.include(KERNEL_LABELS);
    expect(busybox!.digest).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(busybox!.digest).to.equal(await configDigest(registryUrl, `${project}/busybox`, '1.0'));
    expect(busybox!.sizeBytes).to.be.greaterThan(0);
    expect(busybox!.minSlots).to.deep.include({ cpu: '1' });

    expect(await image(`${host}/${project}/multi:1.0`, 'x86_64')).to.not.equal(null);
    const arm = await image(`${host}/${project}/multi:1.0`, 'aarch64');
    expect(arm, 'the arm64 entry of the manifest list').to.not.equal(null);
    expect(arm!.labels).to.include({ 'tessera.test.variant': 'arm64' });
    // No kernelspec label: skipped as Backend.AI does, without an error.
    expect(await deployment.db.images.find(`${host}/${project}/busybox:plain`)).to.equal(null);
    expect(await deployment.db.images.find(`${host}/${project}/broken:1.0`)).to.equal(null);
  });

  it('ends in bgtask_done when every tag could be read, and a domain admin may start it', async () => {
    // Another hostname of the same server, limited to one repository namespace without the broken tag.
    const clean = uniqueProject();
    await pushImage(`${host}/${clean}/busybox:2.0`, KERNEL_LABELS);
    const alias = `localhost:${new URL(registryUrl).port}`;
    await addRegistry(alias, { url: registryUrl, type: 'docker', project: [clean] });
    const taskId = await rescan(DOMAIN_ADMIN, alias);
    const events = await followTask(deployment, DOMAIN_ADMIN, taskId);
    const end = expectTaskStream(events, 'bgtask_done');
    expect(end.json['message']).to.equal('1 image(s) updated from 1 of 1 registry');
    expect(await image(`${alias}/${clean}/busybox:2.0`)).to.not.equal(null);
  });

  it('ends in bgtask_failed when the registry does not answer', async () => {
    await addRegistry('127.0.0.1:1', { url: 'http://127.0.0.1:1', type: 'docker' });
    const taskId = await rescan(SUPERADMIN, '127.0.0.1:1');
    const end = expectTaskStream(await followTask(deployment, SUPERADMIN, taskId), 'bgtask_failed');
    expect(end.json['message']).to.include('127.0.0.1:1');
  });

  it('scans the manager host’s Docker engine for a registry of type local', async () => {
    await addRegistry('local', { url: 'http://localhost', type: 'local' });
    const taskId = await rescan(SUPERADMIN, 'local');
    const end = expectTaskStream(await followTask(deployment, SUPERADMIN, taskId), 'bgtask_done');
    expect(end.json['message']).to.match(/updated from 1 of 1 registry/);
    const local = await image(localTag);
    expect(local, localTag).to.not.equal(null);
    expect(local!.labels).to.include({ 'tessera.test.local': project });
    expect(local!.digest).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(local!.sizeBytes).to.be.greaterThan(0);
  });

  it('refuses an unknown registry naming the argument, starting nothing', async () => {
    for (const registry of ['missing.example.com', 'not a host/']) {
      const answer = await call(SUPERADMIN, RESCAN, { registry });
      expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
      expect((answer.errors![0] as { message: string }).message).to.include('registry');
      expect(answer.data?.['rescan_images'] ?? null).to.equal(null);
    }
  });

  it('refuses a user and a monitor', async () => {
    for (const caller of [ALICE, MONITOR]) {
      const answer = await call(caller, RESCAN, { registry: host });
      expect(answer.errors).to.be.an('array').with.lengthOf(1);
      expect((answer.errors![0] as { extensions: { code: string } }).extensions.code).to.equal('forbidden');
      expect(answer.data?.['rescan_images'] ?? null).to.equal(null);
    }
  });
});
