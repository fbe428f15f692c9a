import type { Config } from './config.generated';
import { intrinsicCapacity, type IntrinsicCapacity } from './host-capacity';

/** The agent's configuration, resolved against the node it runs on. */
export interface AgentSettings {
  agentId: string;
  /** `inproc://<agentId>`: where the manager reaches this agent's RPC in the same process. */
  address: string;
  resourceGroup: string;
  region: string;
  version: string;
  capacity: IntrinsicCapacity;
  heartbeatIntervalMs: number;
  flushIntervalMs: number;
  kernelStopTimeoutMs: number;
}

export function resolveAgentSettings(
  config: Config,
  node: { nodeId: string; packageVersion: string },
): AgentSettings {
  const agentId = config.agentId ?? `i-${node.nodeId}`;
  return {
    agentId,
    address: `inproc://${agentId}`,
    resourceGroup: config.resourceGroup,
    region: config.region,
    version: node.packageVersion,
    capacity: intrinsicCapacity(config),
    heartbeatIntervalMs: config.heartbeatInterval * 1000,
    flushIntervalMs: config.flushInterval * 1000,
    kernelStopTimeoutMs: config.kernelStopTimeout * 1000,
  };
}
