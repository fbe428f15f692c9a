import { randomUUID } from 'node:crypto';
import type { RunnerChannel, ServicePort, ServiceStartRequest, ServiceStartResult } from '@tessera/core';

/** How long the runner has to start a service (prestart actions and the process's launch). */
const SERVICE_START_TIMEOUT_MS = 30_000;

/**
 * Starts a kernel's services through its runner: `start-service` with a request id, the service's
 * container ports and the caller's args/envs; the runner answers `service-result` with the same
 * id. Kernels without the service's port, or whose runner does not answer, fail with a reason.
 */
export class ServiceStarter {
  private readonly pending = new Map<string, (result: ServiceStartResult) => void>();

  constructor(
    private readonly runner: RunnerChannel,
    private readonly timeoutMs = SERVICE_START_TIMEOUT_MS,
  ) {
    runner.onMessage((message) => {
      if (message.op !== 'service-result') return;
      const data = (message.data ?? {}) as { requestId?: unknown; status?: unknown; error?: unknown };
      const settle = typeof data.requestId === 'string' ? this.pending.get(data.requestId) : undefined;
      if (!settle) return;
      const status = data.status === 'started' || data.status === 'already-running' ? data.status : 'failed';
      settle(
        status === 'failed'
          ? { status, error: typeof data.error === 'string' ? data.error : 'the service did not start' }
          : { status },
      );
    });
  }

  async start(request: ServiceStartRequest, servicePorts: ServicePort[]): Promise<ServiceStartResult> {
    const port = servicePorts.find((p) => p.name === request.service);
    if (!port) {
      const known = servicePorts.map((p) => p.name);
      return {
        status: 'failed',
        error: `the kernel has no service "${request.service}" (its services: ${known.join(', ') || 'none'})`,
      };
    }
    const requestId = randomUUID();
    return new Promise<ServiceStartResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ status: 'failed', error: `the kernel runner did not start ${request.service} in time` });
      }, this.timeoutMs);
      this.pending.set(requestId, (result) => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(result);
      });
      try {
        this.runner.send({
          op: 'start-service',
          data: {
            requestId,
            service: request.service,
            protocol: port.protocol,
            ports: port.containerPorts,
            args: request.args ?? {},
            envs: request.envs ?? {},
          },
        });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve({ status: 'failed', error: (error as Error).message });
      }
    });
  }
}
