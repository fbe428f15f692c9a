import { randomUUID } from 'node:crypto';
import {
  TesseraError,
  type RunnerChannel,
  type ServicePort,
  type ServiceShutdownResult,
  type ServiceStartRequest,
  type ServiceStartResult,
} from '@tessera/core';

/** How long the runner has to start a service (prestart actions and the process's launch). */
const SERVICE_START_TIMEOUT_MS = 30_000;
/** How long the runner has to stop a service (it waits a second before it kills it). */
const SERVICE_STOP_TIMEOUT_MS = 10_000;

/**
 * Starts a kernel's services through its runner: `start-service` with a request id, the service's
 * container ports and the caller's args/envs; the runner answers `service-result` with the same
 * id. Kernels without the service's port, or whose runner does not answer, fail with a reason.
 * Stops them the same way: `shutdown-service`, answered by `service-stopped`.
 */
export class ServiceStarter {
  private readonly pending = new Map<string, (result: ServiceStartResult) => void>();
  private readonly stopping = new Map<string, (data: { status?: unknown; error?: unknown }) => void>();

  constructor(
    private readonly runner: RunnerChannel,
    private readonly timeoutMs = SERVICE_START_TIMEOUT_MS,
    private readonly stopTimeoutMs = SERVICE_STOP_TIMEOUT_MS,
  ) {
    runner.onMessage((message) => {
      if (message.op === 'service-stopped') {
        const data = (message.data ?? {}) as { requestId?: unknown; status?: unknown; error?: unknown };
        if (typeof data.requestId === 'string') this.stopping.get(data.requestId)?.(data);
        return;
      }
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

  /**
   * Stops a service the runner started: `stopped`, or `not-running` when it was not running. A
   * service the kernel does not declare is `object-not-found`; a runner that does not answer in
   * time, or fails, is `kernel-not-running` / `internal-error` with the reason.
   */
  async stop(service: string, servicePorts: ServicePort[]): Promise<ServiceShutdownResult> {
    if (!servicePorts.some((p) => p.name === service)) {
      const known = servicePorts.map((p) => p.name);
      throw new TesseraError(
        'object-not-found',
        `The kernel has no service "${service}" (its services: ${known.join(', ') || 'none'})`,
        { service, services: known },
      );
    }
    const requestId = randomUUID();
    const data = await new Promise<{ status?: unknown; error?: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stopping.delete(requestId);
        reject(
          new TesseraError('kernel-not-running', `The kernel runner did not stop ${service} in time`, {
            service,
          }),
        );
      }, this.stopTimeoutMs);
      this.stopping.set(requestId, (answer) => {
        clearTimeout(timer);
        this.stopping.delete(requestId);
        resolve(answer);
      });
      try {
        this.runner.send({ op: 'shutdown-service', data: { requestId, service } });
      } catch (error) {
        clearTimeout(timer);
        this.stopping.delete(requestId);
        reject(error);
      }
    });
    if (data.status === 'stopped' || data.status === 'not-running') return { status: data.status };
    throw new TesseraError(
      'internal-error',
      `The kernel runner could not stop ${service}: ${typeof data.error === 'string' ? data.error : 'no reason given'}`,
      { service },
    );
  }
}
