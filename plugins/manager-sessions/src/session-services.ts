import { inject, injectable } from 'tsyringe';
import {
  AgentRpcDirectory,
  Logger,
  TesseraError,
  type ServicePort,
  type ServiceStartResult,
  type SessionRecord,
} from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';
import type { StartServiceCall } from './api/start-service-body';
import { SessionErrors } from './session-errors';
import { mainKernel } from './session-lookup';

/** A service the main kernel's runner started, and where it is published. */
export interface StartedService {
  service: string;
  protocol: ServicePort['protocol'];
  /** `started`, or `already-running` when an earlier call started it. */
  status: Exclude<ServiceStartResult['status'], 'failed'>;
  /** The host the kernel's ports are published on; null when nobody said. */
  kernelHost: string | null;
  /** The host port of the chosen container port; null when the backend publishes none. */
  hostPort: number | null;
}

/**
 * Starts app services in a session's main kernel (Backend.AI's start_service): checks the service
 * against the kernel's service ports, picks the host port of the container port asked for (the
 * service's first by default), and has the agent's kernel runner start it.
 */
@injectable()
export class SessionServiceStarter {
  constructor(
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async start(session: SessionRecord, call: StartServiceCall): Promise<StartedService> {
    const kernel = mainKernel(session);
    if (session.status !== 'RUNNING' || !kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
      throw SessionErrors.kernelNotRunning(session.name, session.status);
    const port = kernel.servicePorts.find((candidate) => candidate.name === call.app);
    if (!port)
      throw SessionErrors.appNotFound(
        session.name,
        call.app,
        kernel.servicePorts.map((candidate) => candidate.name),
      );
    if (port.isInference)
      throw ManagerErrors.invalidParams(
        `${call.app} is an inference app: it starts with an inference service, not start-service`,
        { app: call.app },
      );
    const index = call.port === null ? 0 : port.containerPorts.indexOf(call.port);
    if (index < 0)
      throw ManagerErrors.invalidParams(`Service ${call.app} does not open the port number ${call.port}`, {
        app: call.app,
        port: call.port,
        containerPorts: port.containerPorts,
      });
    let result: ServiceStartResult;
    try {
      result = await this.agents.connect(kernel.agentAddress).startService(kernel.id, {
        service: call.app,
        ...(Object.keys(call.arguments).length > 0 ? { args: call.arguments } : {}),
        ...(Object.keys(call.envs).length > 0 ? { envs: call.envs } : {}),
      });
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, `start the service ${call.app}`, error);
    }
    if (result.status === 'failed') {
      this.log.info('service did not start', {
        sessionId: session.id,
        service: call.app,
        error: result.error,
      });
      throw SessionErrors.serviceStartFailed(session.name, call.app, result.error ?? 'no reason given');
    }
    return {
      service: call.app,
      protocol: port.protocol,
      status: result.status,
      kernelHost: kernel.kernelHost ?? hostOf(kernel.agentAddress),
      hostPort: port.hostPorts[index] ?? null,
    };
  }
}

/** Upstream's fallback for kernels that did not report a host: the agent address's host name. */
function hostOf(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'inproc:' ? null : url.hostname || null;
  } catch {
    return null;
  }
}
