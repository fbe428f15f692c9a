import { inject, injectable } from 'tsyringe';
import { AgentRpcDirectory, Logger, TesseraError, type SessionRecord } from '@tessera/core';
import { bodyValidator, ManagerErrors } from '@tessera/manager';
import { SessionErrors } from './session-errors';
import { mainKernel } from './session-lookup';

/**
 * Backend.AI's body of `POST /session/:id/shutdown-service`: `service_name` (alias `service`), the
 * name of a service the session's image declares (`jupyter`).
 */
const SHUTDOWN_SERVICE_SCHEMA = {
  type: 'object',
  properties: {
    service_name: { type: 'string', minLength: 1 },
    service: { type: 'string', minLength: 1 },
  },
};

const validate = bodyValidator<{ service_name?: string; service?: string }>(SHUTDOWN_SERVICE_SCHEMA);

/** The service name of a shutdown-service body; a missing or empty one is refused naming the field. */
export function parseShutdownServiceBody(body: unknown): string {
  const input = validate(body);
  const service = input.service_name ?? input.service;
  if (!service)
    throw ManagerErrors.invalidParams('Missing parameter "service_name" (the name of the service to stop)');
  return service;
}

/**
 * Stops an app service in a session's main kernel (Backend.AI's shutdown_service): the service
 * must be one the kernel declares (404 naming it otherwise), and the agent has the kernel's runner
 * stop it. A service that is not running is already stopped, so that is no error.
 */
@injectable()
export class SessionServiceStopper {
  constructor(
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async shutdown(session: SessionRecord, service: string): Promise<void> {
    const kernel = mainKernel(session);
    if (session.status !== 'RUNNING' || !kernel || kernel.status !== 'RUNNING' || !kernel.agentAddress)
      throw SessionErrors.kernelNotRunning(session.name, session.status);
    if (!kernel.servicePorts.some((candidate) => candidate.name === service))
      throw SessionErrors.appNotFound(
        session.name,
        service,
        kernel.servicePorts.map((candidate) => candidate.name),
      );
    try {
      const result = await this.agents.connect(kernel.agentAddress).shutdownService(kernel.id, service);
      this.log.info('service shut down', { sessionId: session.id, service, status: result.status });
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw SessionErrors.agentError(kernel.agentId, `stop the service ${service}`, error);
    }
  }
}
