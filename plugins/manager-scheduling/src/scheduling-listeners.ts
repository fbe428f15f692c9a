import { listen, type EventListenerContribution } from '@tessera/manager';
import type { AgentPresenceHandler } from './agent-presence-handler';
import type { SchedulingDispatcher } from './scheduling-dispatcher';

/**
 * The events the scheduling loop handles (consumer group `manager`): what may let pending sessions
 * start asks the dispatcher for a pass, and agent heartbeats keep the agents it places on current.
 */
export function schedulingListeners(
  dispatcher: SchedulingDispatcher,
  agents: AgentPresenceHandler,
): EventListenerContribution[] {
  return [
    listen('agent_heartbeat', async (event) => {
      // A pass only when the agent is new, came back, or reports a different capacity.
      if (await agents.heartbeat(event.payload))
        dispatcher.request(event.payload.resourceGroup, 'agent_heartbeat');
    }),
    listen('agent_started', () => dispatcher.requestAllPending('agent_started')),
    listen('agent_terminated', (event) => agents.terminated(event.payload)),
    listen('session_enqueued', (event) =>
      dispatcher.request(event.payload.resourceGroup, 'session_enqueued'),
    ),
    // A session that ended may be the dependency pending sessions wait for.
    listen('session_terminated', () => dispatcher.requestAllPending('session_terminated')),
    listen('do_schedule', async (event) => {
      if (event.payload.resourceGroup) dispatcher.request(event.payload.resourceGroup, 'do_schedule');
      else await dispatcher.requestAllPending('do_schedule');
    }),
  ];
}
