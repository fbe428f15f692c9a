import {
  AgentRpcDirectory,
  configType,
  definePlugin,
  EventBus,
  optional,
  type AgentBackend as AgentBackendContract,
  type NamedRegistry,
  AcceleratorRegistry,
  AgentBackendRegistry,
} from '@tessera/core';
import { Agent } from './agent';
import { AgentErrorCodes } from './agent-errors';
import { resolveAgentSettings } from './agent-settings';
import type { Config } from './config.generated';

/** The configured backend, else the deployment's default, else the only one loaded. */
function pickBackend(
  registry: NamedRegistry<AgentBackendContract>,
  name: string | undefined,
): AgentBackendContract {
  if (name === undefined && registry.defaultName === undefined && registry.names().length === 1) {
    return registry.require(registry.names()[0]);
  }
  return registry.require(name);
}

/** `@tessera/agent`: the agent daemon of this node. */
export default definePlugin({
  config: configType<Config>(),
  deps: {
    eventBus: EventBus,
    backends: AgentBackendRegistry,
    directory: AgentRpcDirectory,
    accelerators: optional(AcceleratorRegistry),
  },
  errorCodes: [AgentErrorCodes],
  init(ctx) {
    const settings = resolveAgentSettings(ctx.config, ctx);
    const { eventBus, backends, directory, accelerators } = ctx.deps;
    return new Agent(settings, {
      eventBus,
      backend: pickBackend(backends, ctx.config.backend),
      accelerators: accelerators ? accelerators.entries().map(([, accelerator]) => accelerator) : [],
      directory,
      log: ctx.log.child({ agentId: settings.agentId }),
    });
  },
  async start(agent, ctx) {
    await agent.start(ctx.signal);
    ctx.announceEndpoint('rpc', agent.settings.address);
  },
  async stop(agent) {
    await agent.stop();
  },
});
