import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { checkPage, UUIDScalar, type GraphQLContext } from '@tessera/manager';
import { ComputeContainer, ComputeContainerList } from './compute-container-type';
import { toComputeContainer } from './compute-session-view';
import { VisibleSessions } from './visible-sessions';

/** `compute_container` and `compute_container_list`: kernels of the sessions the caller may see. */
@Resolver(() => ComputeContainer)
@injectable()
export class ComputeContainerResolver {
  constructor(@inject(VisibleSessions) private readonly sessions: VisibleSessions) {}

  @Query(() => ComputeContainer, {
    name: 'compute_container',
    nullable: true,
    description: 'One container by kernel id; null when there is none the caller may see.',
  })
  async computeContainer(
    @Arg('id', () => UUIDScalar, { nullable: false }) id: string,
    @Ctx() { caller, access, seesAgents }: GraphQLContext,
  ): Promise<ComputeContainer | null> {
    const session = await this.sessions.byKernel({ caller, access }, id);
    const kernel = session?.kernels.find((k) => k.id === id);
    return kernel ? toComputeContainer(kernel, seesAgents) : null;
  }

  @Query(() => ComputeContainerList, {
    name: 'compute_container_list',
    description:
      "A page of one session's containers, the main one first; empty for a session the caller may not see.",
  })
  async computeContainerList(
    @Arg('limit', () => Int, { nullable: false, description: '1 to 100' }) limit: number,
    @Arg('offset', () => Int, { nullable: false }) offset: number,
    @Arg('session_id', () => UUIDScalar, { nullable: false }) sessionId: string,
    @Arg('role', () => String, { description: 'main or sub' }) role: string | null | undefined,
    @Ctx() { caller, access, seesAgents }: GraphQLContext,
  ): Promise<ComputeContainerList> {
    const page = checkPage(limit, offset);
    const session = await this.sessions.byId({ caller, access }, sessionId);
    const kernels = (session?.kernels ?? []).filter((kernel) => role == null || kernel.clusterRole === role);
    return Object.assign(new ComputeContainerList(), {
      totalCount: kernels.length,
      items: kernels
        .slice(page.offset, page.offset + page.limit)
        .map((kernel) => toComputeContainer(kernel, seesAgents)),
    });
  }
}
