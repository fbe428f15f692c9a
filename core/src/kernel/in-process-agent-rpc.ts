import type { AgentRpc, AgentRpcDirectory, AgentRpcTransport, RpcServing } from '../contracts/agent-rpc';
import { TesseraError } from '../errors/tessera-error';

const IN_PROCESS = 'inproc';

/**
 * The kernel's agent directory: agents in this process bind their RPC under `inproc://<id>`,
 * and the manager connects to them by the address their heartbeat carries. Other schemes
 * (`http://`) go to the transport plugins that added themselves for their scheme.
 */
export class InProcessAgentRpcDirectory implements AgentRpcDirectory {
  private readonly bound = new Map<string, AgentRpc>();
  private readonly transports = new Map<string, AgentRpcTransport>();

  bind(address: string, rpc: AgentRpc): void {
    this.bound.set(address, rpc);
  }

  unbind(address: string): void {
    this.bound.delete(address);
  }

  addTransport(transport: AgentRpcTransport): void {
    if (transport.scheme === IN_PROCESS || this.transports.has(transport.scheme)) {
      throw new TesseraError(
        'plugin-duplicate',
        `an agent RPC transport for ${transport.scheme}:// is already present`,
        { scheme: transport.scheme },
      );
    }
    this.transports.set(transport.scheme, transport);
  }

  async serve(address: string, rpc: AgentRpc): Promise<RpcServing> {
    if (schemeOf(address) === IN_PROCESS) {
      this.bind(address, rpc);
      return { close: async () => this.unbind(address) };
    }
    return this.transportFor(address).serve(address, rpc);
  }

  connect(address: string): AgentRpc {
    if (schemeOf(address) !== IN_PROCESS) return this.transportFor(address).connect(address);
    const rpc = this.bound.get(address);
    if (!rpc) {
      throw new TesseraError('agent-unreachable', `no agent is reachable at ${address}`, { address });
    }
    return rpc;
  }

  private transportFor(address: string): AgentRpcTransport {
    const scheme = schemeOf(address);
    const transport = this.transports.get(scheme);
    if (!transport) {
      throw new TesseraError(
        'agent-unreachable',
        `no agent RPC transport for ${scheme}:// is loaded (add @tessera/agent-rpc-http to the manifest for http://)`,
        { address, schemes: [IN_PROCESS, ...this.transports.keys()] },
      );
    }
    return transport;
  }
}

function schemeOf(address: string): string {
  const colon = address.indexOf('://');
  return colon > 0 ? address.slice(0, colon) : '';
}
