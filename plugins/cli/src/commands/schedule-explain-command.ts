import { apiClient } from '../api-client';
import {
  type PendingSessionScheduling,
  type RequirementExplanation,
  type SessionScheduling,
} from '@tessera/client';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { formatTable } from '../text-table';

function slots(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([slot, amount]) => `${slot} ${amount}`)
    .join(', ');
}

function predicateRows(answer: PendingSessionScheduling): string[][] {
  return answer.predicates.map((p) => [p.name, p.passed ? 'passed' : 'FAILED', p.message ?? '']);
}

function agentRows(requirement: RequirementExplanation): string[][] {
  return requirement.agents.map((a) => [
    requirement.kernels.join(','),
    a.agentId,
    a.passed ? 'fits' : `rejected: ${a.filter ?? '?'}`,
    a.missing ? `needs ${slots(a.missing)} more` : (a.detail ?? ''),
  ]);
}

function describePending(answer: PendingSessionScheduling): string {
  const lines = [
    `Session ${answer.sessionName} (${answer.sessionId}) is PENDING` +
      (answer.statusInfo ? ` (${answer.statusInfo})` : '') +
      ` in resource group ${answer.resourceGroup}.`,
    `Scheduler ${answer.scheduler}, agent selector ${answer.agentSelector}; priority ${answer.priority}: ` +
      `${answer.queue.higherPriorityPending} pending session(s) of higher priority, ` +
      `${answer.queue.olderInBand} older one(s) of the same priority.`,
  ];
  if (answer.pendingTimeout)
    lines.push(
      `The pending timeout (${answer.pendingTimeout.seconds} s) cancels it at ${answer.pendingTimeout.cancelsAt}.`,
    );
  const placement = answer.placement;
  lines.push(
    placement.result === 'placeable'
      ? `Placement: it fits now (on ${placement.agentIds.join(', ')}); the next pass will place it unless a predicate or the queue holds it.`
      : `Placement: ${placement.reason}.`,
  );
  const tables = [formatTable(['PREDICATE', 'VERDICT', 'MESSAGE'], predicateRows(answer))];
  const agents = answer.requirements.flatMap(agentRows);
  if (agents.length > 0) tables.push(formatTable(['KERNELS', 'AGENT', 'VERDICT', 'DETAIL'], agents));
  return `${lines.join('\n')}\n\n${tables.join('\n')}`;
}

function describe(answer: SessionScheduling): string {
  if (answer.pending) return describePending(answer);
  const where = answer.agentIds.length ? ` on ${answer.agentIds.join(', ')}` : '';
  const when = answer.scheduledAt ? `, scheduled at ${answer.scheduledAt}` : '';
  return `Session ${answer.sessionName} (${answer.sessionId}) is ${answer.status}: not pending${when}${where}.\n`;
}

/** `tessera schedule explain SESSION`: why a session still waits, from the manager's own view. */
export function registerScheduleExplainCommand(schedule: Command, context: CommandContext): void {
  schedule
    .command('explain')
    .alias('why')
    .summary('show why a session is still pending')
    .description(
      "Ask the manager why a session is still PENDING: every predicate's verdict, whether it would fit " +
        'now, and per agent of its resource group the filter that rejected it and what was missing. ' +
        'For a session that left the queue, where it went.',
    )
    .argument('<session>', 'session name or id')
    .option('--owner <access-key>', "an admin's view of another keypair's session (owner_access_key)")
    .option('--json', "print the manager's answer as JSON")
    .action(async (session: string, flags: { owner?: string; json?: boolean }) => {
      const client = await apiClient(context.io);
      const answer = await client.sessionScheduling(session, { ownerAccessKey: flags.owner });
      context.io.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : describe(answer));
      context.finish(EXIT.ok);
    });
}
