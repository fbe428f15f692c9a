import { configType, ConfigStore, definePlugin, StorageBackendRegistry } from '@tessera/core';
import type { Config } from './config.generated';
import { StorageProxyErrorCodes } from './proxy-errors';
import { loadSecrets, proxyKey, publishProxy } from './proxy-registration';
import { StorageProxy } from './storage-proxy';
import { VolumeSet } from './volume-set';

interface Instance {
  name: string;
  volumes: VolumeSet;
  secrets: { managerSecret: string; jwtSecret: string };
  proxy?: StorageProxy;
}

/** `@tessera/storage-proxy`: the storage proxy daemon of this node. */
export default definePlugin({
  config: configType<Config>(),
  deps: { store: ConfigStore, backends: StorageBackendRegistry },
  errorCodes: [StorageProxyErrorCodes],
  async init(ctx): Promise<Instance> {
    const name = ctx.config.name ?? ctx.nodeId;
    const secrets = await loadSecrets(ctx.deps.store, name, ctx.config);
    const volumes = await VolumeSet.open(
      ctx.config.volumes,
      ctx.deps.backends,
      ctx.dataDir,
      ctx.log,
      ctx.config.fileOwner ?? null,
    );
    return { name, volumes, secrets };
  },
  async start(instance, ctx) {
    const { config } = ctx;
    const proxy = await StorageProxy.start(
      {
        name: instance.name,
        managerListen: config.managerListen,
        clientListen: config.clientListen,
        managerUrl: config.managerUrl,
        clientUrl: config.clientUrl,
        ...instance.secrets,
        sessionExpire: config.sessionExpire,
        maxUploadSize: config.maxUploadSize,
        scandirLimit: config.scandirLimit,
        fsyncUploads: config.fsyncUploads,
      },
      instance.volumes,
      ctx.log,
    );
    instance.proxy = proxy;
    await publishProxy(
      ctx.deps.store,
      instance.name,
      {
        manager_api: proxy.managerUrl,
        client_api: proxy.clientUrl,
        secret: instance.secrets.managerSecret,
        volumes: instance.volumes.names(),
        jwt_secret: instance.secrets.jwtSecret,
      },
      ctx.log,
    );
    ctx.announceEndpoint('manager-api', proxy.managerUrl);
    ctx.announceEndpoint('client-api', proxy.clientUrl);
    ctx.log.info('storage proxy serving', {
      name: instance.name,
      key: proxyKey(instance.name),
      managerApi: proxy.managerUrl,
      clientApi: proxy.clientUrl,
      volumes: instance.volumes.names(),
    });
  },
  async stop(instance, ctx) {
    await instance.proxy?.stop();
    await instance.volumes.close(ctx.log);
  },
});
