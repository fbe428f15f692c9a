import { inject, injectable } from 'tsyringe';
import {
  AgentRpcDirectory,
  Database,
  Logger,
  type AgentRecord,
  type KernelCreationSpec,
  type KernelPlacement,
  type KernelStatus,
  type SessionRecord,
} from '@tessera/core';
import { KeyedSerialQueue, SessionStatusWriter } from '@tessera/manager-sessions';
import { kernelCreationSpecs } from '@tessera/sokovan';
import { SchedulingDispatcher } from './scheduling-dispatcher';

/** Kernel statuses before the agent reported it running: what a refused start moves to ERROR. */
const NOT_STARTED: readonly KernelStatus[] = ['SCHEDULED', 'PREPARING', 'PULLING', 'PREPARED', 'CREATING'];

/**
 * Asks the chosen agents to create a scheduled session's kernels. Progress then arrives as
 * kernel_* events. An agent that refuses or cannot be reached fails the start: the kernels and the
 * session go to ERROR (`failed-to-start`) and the reserved slots are returned.
 */
@injectable()
export class KernelLauncher {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(SessionStatusWriter) private readonly writer: SessionStatusWriter,
    /** The same per-session queue the kernel event handlers use. */
    @inject(KeyedSerialQueue) private readonly queue: KeyedSerialQueue,
    @inject(Logger) private readonly log: Logger,
    /** Asked for a pass when a failed start gave slots back. */
    @inject(SchedulingDispatcher) private readonly dispatcher: SchedulingDispatcher,
  ) {}

  async launch(
    session: SessionRecord,
    placements: readonly KernelPlacement[],
    agents: ReadonlyMap<string, AgentRecord>,
  ): Promise<void> {
    const group = await this.db.resourceGroups.get(session.resourceGroup);
    const specs = withGroupOptions(
      withResourceOpts(kernelCreationSpecs(session, placements), session),
      group?.schedulerOpts ?? {},
    );
    const agentOf = new Map(placements.map((placement) => [placement.kernelId, placement.agentId]));
    const byAgent = new Map<string, typeof specs>();
    for (const spec of specs) {
      const agentId = agentOf.get(spec.kernelId)!;
      byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), spec]);
    }
    for (const [agentId, agentSpecs] of byAgent) {
      try {
        const agent = agents.get(agentId);
        if (!agent) throw new Error(`agent ${agentId} is not in the scheduling snapshot`);
        await this.agents.connect(agent.address).createKernels(agentSpecs);
        this.log.info('kernel creation requested', {
          sessionId: session.id,
          agentId,
          kernels: agentSpecs.length,
        });
      } catch (error) {
        this.log.error('agent did not accept the kernels', {
          sessionId: session.id,
          agentId,
          error: String(error),
        });
        await this.failStart(
          session,
          agentSpecs.map((spec) => spec.kernelId),
          agentId,
          error,
        );
      }
    }
  }

  private failStart(
    session: SessionRecord,
    kernelIds: string[],
    agentId: string,
    error: unknown,
  ): Promise<void> {
    const { db, writer, queue } = this;
    return queue.run(session.id, async () => {
      for (const kernelId of kernelIds) {
        await writer.setKernel(
          { id: kernelId, sessionId: session.id },
          'ERROR',
          { statusInfo: 'failed-to-start' },
          NOT_STARTED,
        );
        await db.sessions.releaseKernelSlots(kernelId);
      }
      const fresh = await db.sessions.get(session.id);
      if (fresh) {
        await writer.moveSession(fresh, 'ERROR', {
          statusInfo: 'failed-to-start',
          statusData: { ...fresh.statusData, error: errorData(agentId, error) },
          result: 'FAILURE',
        });
      }
      this.dispatcher.request(session.resourceGroup, 'slots-released');
    });
  }
}

/**
 * Each kernel's `resource_opts` (`shmem` in bytes) as the agent reads them from its spec; kernels
 * without options get none, so the backend's default applies.
 */
export function withResourceOpts(specs: KernelCreationSpec[], session: SessionRecord): KernelCreationSpec[] {
  const optsOf = new Map(session.kernels.map((kernel) => [kernel.id, kernel.resourceOpts] as const));
  return specs.map((spec) => {
    const shmem = optsOf.get(spec.kernelId)?.shmem;
    return shmem === undefined ? spec : { ...spec, resourceOpts: { ...spec.resourceOpts, shmem } };
  });
}

/**
 * What the kernels' resource group tells their agents: `allow_fractional_resource_fragmentation:
 * false` makes the agents refuse share allocations that would scatter over devices.
 */
export function withGroupOptions(
  specs: KernelCreationSpec[],
  schedulerOpts: Record<string, unknown>,
): KernelCreationSpec[] {
  if (schedulerOpts['allow_fractional_resource_fragmentation'] !== false) return specs;
  return specs.map((spec) => ({ ...spec, allowFractionalResourceFragmentation: false }));
}

/** Backend.AI's `status_data.error` shape. */
function errorData(agentId: string, error: unknown): Record<string, unknown> {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { src: 'agent', name, repr: `${name}: ${message}`, agent_id: agentId };
}
