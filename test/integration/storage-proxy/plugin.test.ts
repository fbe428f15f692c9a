import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { ConfigStore } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { AUTH_HEADER, type ProxyRecord } from '@tessera/storage-proxy';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { tesseraFailure } from '../../support/tessera-failure';

describe('storage-proxy: the plugin in a kernel, on etcd', function () {
  this.timeout(30_000);
  let etcd: string;
  let namespace: string;
  let volumeDir: string;
  const kernels: TestKernel[] = [];

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    etcd = (await requireServices(['etcd'])).etcd;
  });
  beforeEach(() => {
    namespace = `test-storage-proxy-${randomUUID()}`;
    volumeDir = mkdtempSync(join(tmpdir(), 'tessera-sp-volume-'));
  });
  afterEach(async () => {
    for (const kernel of kernels.splice(0)) await kernel.stop();
    rmSync(volumeDir, { recursive: true, force: true });
  });

  async function boot(
    config: Record<string, unknown> = {},
  ): Promise<{ kernel: TestKernel; store: ConfigStore }> {
    const kernel = await bootTestKernel({
      roles: ['storage-proxy'],
      plugins: [
        { package: '@tessera/config-store-etcd', config: { endpoints: [etcd], namespace } },
        { package: '@tessera/storage-backend-vfs' },
        {
          package: '@tessera/storage-proxy',
          config: {
            name: 'sp1',
            managerListen: 'http://127.0.0.1:0',
            clientListen: 'http://127.0.0.1:0',
            volumes: { data: { backend: 'vfs', path: volumeDir }, scratch: { path: 'scratch' } },
            ...config,
          },
        },
      ],
    });
    kernels.push(kernel);
    return { kernel, store: kernel.kernel.resolve<ConfigStore>('config-store') };
  }

  it('publishes volumes/proxies/<name> and the default host, and serves with the published secret', async () => {
    const { kernel, store } = await boot();
    const record = JSON.parse((await store.get('volumes/proxies/sp1'))!) as ProxyRecord;
    expect(record.volumes).to.deep.equal(['data', 'scratch']);
    expect(record.secret).to.have.length(64);
    expect(record.manager_api).to.equal(kernel.kernel.endpoints()['storage-proxy.manager-api']);
    expect(record.client_api).to.equal(kernel.kernel.endpoints()['storage-proxy.client-api']);
    expect(await store.get('volumes/default_host')).to.equal('sp1:data');

    const status = await fetch(`${record.manager_api}/status`, { headers: { [AUTH_HEADER]: record.secret } });
    expect(await status.json()).to.deep.equal({ status: 'ok', node: 'sp1', volumes: ['data', 'scratch'] });
    const volumes = (await (
      await fetch(`${record.manager_api}/volumes`, { headers: { [AUTH_HEADER]: record.secret } })
    ).json()) as {
      volumes: Array<{ name: string; path: string }>;
    };
    // A relative path is taken under the plugin's data folder.
    expect(volumes.volumes[1]!.path).to.equal(join(kernel.dataDir, 'storage-proxy', 'scratch'));
    const logs = JSON.stringify(kernel.logs);
    expect(logs).to.not.contain(record.secret);
    expect(logs).to.not.contain(record.jwt_secret);
  });

  it('keeps its generated secrets across restarts, an operator-set default host, and a configured secret wins', async () => {
    const first = await boot();
    await first.store.put('volumes/default_host', 'other:vol');
    const before = JSON.parse((await first.store.get('volumes/proxies/sp1'))!) as ProxyRecord;
    await kernels.pop()!.stop();

    const second = await boot();
    const after = JSON.parse((await second.store.get('volumes/proxies/sp1'))!) as ProxyRecord;
    expect(after.secret).to.equal(before.secret);
    expect(after.jwt_secret).to.equal(before.jwt_secret);
    expect(await second.store.get('volumes/default_host')).to.equal('other:vol');
    await kernels.pop()!.stop();

    const third = await boot({ managerSecret: 'configured-secret-0123456789' });
    const configured = JSON.parse((await third.store.get('volumes/proxies/sp1'))!) as ProxyRecord;
    expect(configured.secret).to.equal('configured-secret-0123456789');
    const refused = await fetch(`${configured.manager_api}/status`, {
      headers: { [AUTH_HEADER]: before.secret },
    });
    expect(refused.status).to.equal(403);
  });

  it('refuses to start with a volume whose backend is not loaded, or whose path is missing, naming both', async () => {
    const unknown = await tesseraFailure(boot({ volumes: { data: { backend: 'btrfs', path: volumeDir } } }));
    expect(unknown.message).to.contain('volume "data"').and.to.contain('btrfs');
    const missing = await tesseraFailure(
      boot({ volumes: { data: { backend: 'vfs', path: join(volumeDir, 'nope') } } }),
    );
    expect(missing.message)
      .to.contain('volume "data"')
      .and.to.contain('vfs')
      .and.to.contain(join(volumeDir, 'nope'));
  });
});
