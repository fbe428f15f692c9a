import { listen, type EventListenerContribution } from '@tessera/manager';
import type { AgentRestartReconciler } from './agent-restart-reconciler';
import type { KernelLifecycleHandler } from './kernel-lifecycle-handler';
import type { KernelStatsRecorder } from './kernel-stats-recorder';
import { CALLBACK_EVENTS, type SessionCallbacks } from './session-callbacks';
import type { SessionStatusWatch } from './session-status-watch';

/**
 * The events the sessions feature handles (consumer group `manager`): the agents' kernel_* events
 * move kernels and sessions; `agent_started` ends the kernels a restarted agent no longer has;
 * `agent_stats` keeps the kernels' last stats; `session_status_changed` wakes requests waiting
 * for a status; the session lifecycle events go to the sessions' callback URLs.
 */
export function sessionListeners(
  kernels: KernelLifecycleHandler,
  restarts: AgentRestartReconciler,
  stats: KernelStatsRecorder,
  watch: SessionStatusWatch,
  callbacks: SessionCallbacks,
): EventListenerContribution[] {
  return [
    ...CALLBACK_EVENTS.map((name) =>
      listen(name, (event) => callbacks.handle(name, event.payload.sessionId)),
    ),
    listen('agent_started', (event) => restarts.agentStarted(event.payload)),
    listen('agent_stats', (event) => stats.record(event.payload)),
    listen('kernel_preparing', (event) => kernels.preparing(event.payload)),
    listen('kernel_pulling', (event) => kernels.pulling(event.payload)),
    listen('image_pull_finished', (event) => kernels.imagePulled(event.payload)),
    listen('kernel_creating', (event) => kernels.creating(event.payload)),
    listen('kernel_started', (event) => kernels.started(event.payload)),
    listen('kernel_terminating', (event) => kernels.terminating(event.payload)),
    listen('kernel_terminated', (event) => kernels.terminated(event.payload)),
    listen('kernel_cancelled', (event) => kernels.cancelled(event.payload)),
    listen('session_status_changed', (event) => watch.notify(event.payload.sessionId)),
  ];
}
