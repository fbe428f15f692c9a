import {
  Accelerator,
  AgentBackend,
  AgentRpcDirectory,
  definePlugin,
  EventBus,
  type AgentBackend as AgentBackendContract,
  type NamedRegistry,
} from '@tessera/core';
import { Agent } from './agent';
import { resolveAgentSettings } from './agent-settings';
import type { Config } from './config.generated';

/** Agents by plugin container, so `start` and `stop` find the instance `init` built. */
const agents = new WeakMap<object, Agent>();

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
export default definePlugin<Config>({
  async init(ctx) {
    const settings = resolveAgentSettings(ctx.config, ctx);
    const accelerators = ctx.resolveOptional(Accelerator);
    const agent = new Agent(settings, {
      eventBus: ctx.resolve(EventBus),
      backend: pickBackend(ctx.resolve(AgentBackend), ctx.config.backend),
      accelerators: accelerators ? accelerators.entries().map(([, accelerator]) => accelerator) : [],
      directory: ctx.resolve(AgentRpcDirectory),
      log: ctx.log.child({ agentId: settings.agentId }),
    });
    agents.set(ctx.container, agent);
  },
  async start(ctx) {
    const agent = agents.get(ctx.container)!;
    await agent.start(ctx.signal);
    ctx.announceEndpoint('rpc', agent.settings.address);
  },
  async stop(ctx) {
    await agents.get(ctx.container)?.stop();
    agents.delete(ctx.container);
  },
});
