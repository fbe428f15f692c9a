import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { TesseraError } from '@tessera/core';
import type { Config } from './config.generated';
import { intrinsicCapacity, type IntrinsicCapacity } from './host-capacity';

/** The agent's configuration, resolved against the node it runs on. */
export interface AgentSettings {
  agentId: string;
  /** Where the agent serves RPC: `inproc://<agentId>`, or the configured `rpcListen` URL. */
  listenAddress: string;
  /** What heartbeats tell the manager to connect to. */
  address: string;
  resourceGroup: string;
  region: string;
  version: string;
  capacity: IntrinsicCapacity;
  heartbeatIntervalMs: number;
  statIntervalMs: number;
  flushIntervalMs: number;
  /** How long one run may last; 0: no limit. */
  execTimeoutMs: number;
  kernelStopTimeoutMs: number;
  /** Absolute folder session commits are saved under (`<commitDir>/<e-mail>/<file>`). */
  commitDir: string;
  /** Device keys in the order their allocation maps are visited (Backend.AI's allocation-order). */
  allocationOrder: string[];
  affinityPolicy: 'INTERLEAVED' | 'PREFER_SINGLE_NODE';
}

export function resolveAgentSettings(
  config: Config,
  node: { nodeId: string; packageVersion: string; dataDir?: string },
): AgentSettings {
  const agentId = config.agentId ?? `i-${node.nodeId}`;
  const listenAddress = config.rpcListen ?? `inproc://${agentId}`;
  return {
    agentId,
    listenAddress,
    address: config.advertisedAddress ?? advertisable(listenAddress),
    resourceGroup: config.resourceGroup,
    region: config.region,
    version: node.packageVersion,
    capacity: intrinsicCapacity(config),
    heartbeatIntervalMs: config.heartbeatInterval * 1000,
    statIntervalMs: config.statInterval * 1000,
    flushIntervalMs: config.flushInterval * 1000,
    execTimeoutMs: config.execTimeout * 1000,
    kernelStopTimeoutMs: config.kernelStopTimeout * 1000,
    // Without a data folder (an agent built by hand), the deployment's default one: var/agent.
    commitDir: resolve(config.commitDir ?? join(node.dataDir ?? join('var', 'agent'), 'commit')),
    allocationOrder: [...config.allocationOrder],
    affinityPolicy: config.affinityPolicy,
  };
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]', '::']);

/** The listen address with a wildcard host replaced by this node's first external IPv4 address. */
export function advertisable(
  listenAddress: string,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): string {
  if (listenAddress.startsWith('inproc://')) return listenAddress;
  let url: URL;
  try {
    url = new URL(listenAddress);
  } catch {
    throw TesseraError.badRequest('plugin-config-invalid', 'rpcListen is not a URL', {
      field: 'rpcListen',
      value: listenAddress,
    });
  }
  if (!WILDCARD_HOSTS.has(url.hostname)) return listenAddress;
  const external = Object.values(interfaces)
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
  if (!external) {
    throw TesseraError.badRequest(
      'plugin-config-invalid',
      'rpcListen listens on every interface but the node has no external IPv4 address to advertise: set advertisedAddress',
      { field: 'advertisedAddress', rpcListen: listenAddress },
    );
  }
  url.hostname = external.address;
  return url.toString().replace(/\/$/, '');
}
