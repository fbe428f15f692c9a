import {
  AgentRpcDirectory,
  ConfigStore,
  configType,
  definePlugin,
  LockService,
  optional,
} from '@tessera/core';
import { ClusterSecret } from './cluster-secret';
import type { Config } from './config.generated';
import { AgentRpcHttpErrors } from './errors';
import { HttpAgentRpcTransport, settingsFromConfig } from './transport';

export interface AgentRpcHttpInstance {
  transport: HttpAgentRpcTransport;
  secret: ClusterSecret;
}

export default definePlugin({
  config: configType<Config>(),
  deps: { directory: AgentRpcDirectory, store: optional(ConfigStore), locks: optional(LockService) },
  errorCodes: [AgentRpcHttpErrors],
  async init(ctx): Promise<AgentRpcHttpInstance> {
    const secret = await ClusterSecret.open({
      configured: ctx.config.secret,
      key: ctx.config.secretKey,
      graceMs: ctx.config.maxClockSkew * 1000,
      store: ctx.deps.store,
      locks: ctx.deps.locks,
      log: ctx.log,
    });
    const transport = new HttpAgentRpcTransport(
      settingsFromConfig(ctx.config),
      secret.signing,
      ctx.log,
      (url) => ctx.announceEndpoint('agent-rpc', url),
    );
    ctx.deps.directory.addTransport(transport);
    ctx.log.info('agent RPC over http:// ready', {
      secretFrom: secret.source === 'config' ? 'plugin config' : `config store key ${ctx.config.secretKey}`,
      callTimeout: ctx.config.callTimeout,
      retries: ctx.config.retries,
    });
    return { transport, secret };
  },
  async stop({ transport, secret }) {
    await transport.close();
    await secret.close();
  },
  async onConfigChange({ transport, secret }, ctx, previous) {
    transport.update(settingsFromConfig(ctx.config));
    if (ctx.config.secret !== undefined && ctx.config.secret !== previous.secret) {
      await secret.useConfigured(ctx.config.secret);
      ctx.log.info('the agent RPC secret changed in the plugin config; signing with the new one');
    } else if (ctx.config.secret === undefined && previous.secret !== undefined) {
      ctx.log.warn(
        'the plugin config no longer sets the agent RPC secret; the old one stays in use until restart',
        {
          key: ctx.config.secretKey,
        },
      );
    }
  },
});
