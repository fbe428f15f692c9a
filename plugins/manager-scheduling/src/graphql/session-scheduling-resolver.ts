import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '@tessera/manager';
import { ComputeSession } from '@tessera/manager-sessions';
import { maskAgentIds } from '@tessera/sokovan';
import { SchedulingExplainer } from '../scheduling-explainer';
import { SessionScheduling } from './session-scheduling-type';
import { toSessionScheduling } from './session-scheduling-view';

/** `ComputeSession.scheduling`: the sessions plugin's type, grown by this plugin. */
@Resolver(() => ComputeSession)
@injectable()
export class SessionSchedulingResolver {
  constructor(@inject(SchedulingExplainer) private readonly explainer: SchedulingExplainer) {}

  @FieldResolver(() => SessionScheduling, {
    description:
      'Tessera: why the session is still pending (every predicate, every agent with the filter that rejected it), as GET /session/:id/scheduling answers.',
  })
  async scheduling(
    @Root() session: ComputeSession,
    @Ctx() { seesAgents }: GraphQLContext,
  ): Promise<SessionScheduling> {
    const explanation = await this.explainer.explain(session.source);
    return toSessionScheduling(seesAgents ? explanation : maskAgentIds(explanation));
  }
}
