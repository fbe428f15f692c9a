import type { AgentRpc, AgentRpcDirectory } from '../contracts/agent-rpc';
import { TesseraError } from '../errors/tessera-error';

/**
 * The kernel's agent directory: agents in this process bind their RPC under `inproc://<id>`,
 * and the manager connects to them by the address their heartbeat carries. Other schemes
 * (`http://`) are served by transport plugins that bind a connector for their scheme.
 */
export class InProcessAgentRpcDirectory implements AgentRpcDirectory {
  private readonly bound = new Map<string, AgentRpc>();

  bind(address: string, rpc: AgentRpc): void {
    this.bound.set(address, rpc);
  }

  unbind(address: string): void {
    this.bound.delete(address);
  }

  connect(address: string): AgentRpc {
    const rpc = this.bound.get(address);
    if (!rpc) {
      throw new TesseraError('agent-unreachable', `no agent is reachable at ${address}`, { address });
    }
    return rpc;
  }
}
