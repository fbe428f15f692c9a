import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { AgentSelector, NamedRegistry, Scheduler } from '@tessera/core';
import type { ResourceGroupPolicy, SimulatedSession, SimulationReport } from '@tessera/sokovan';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { formatTable } from '../text-table';
import { registerScheduleExplainCommand } from './schedule-explain-command';
import { reportFailure } from './schema-command';

interface SimulateFlags {
  manifest: string;
  workload: string;
  json?: boolean;
  scheduler?: string;
  agentSelector?: string;
}

const SIMULATE_HELP = `
The workload (YAML) lists agents (id, slots, count) and sessions (name, slots, count, priority,
owner, kernels, clusterMode, submitAt and duration in seconds, dependsOn, ...); see
test/fixtures/scheduling/workload-example.yaml. Compare policies by running it twice:
  $ tessera schedule simulate --manifest manifests/all-in-one.yaml --workload w.yaml --scheduler fifo
  $ tessera schedule simulate --manifest manifests/all-in-one.yaml --workload w.yaml --scheduler drf --json`;

/**
 * Boots only the scheduler and agent-selector plugins of a manifest (no database, no event bus)
 * and runs the workload through the pair the manager would use for the workload's resource
 * group: the flags, else the `resourceGroups` entry of the manifest's manager-scheduling plugin,
 * else the defaults.
 */
async function simulate(flags: SimulateFlags, context: CommandContext): Promise<SimulationReport> {
  const { Kernel, validateDeployment } = await import('@tessera/core');
  const { implementationsFor, parseWorkload, simulateWorkload } = await import('@tessera/sokovan');
  const { io } = context;
  const workload = parseWorkload(readFileSync(resolve(io.cwd, flags.workload), 'utf8'), flags.workload);
  const deployment = await validateDeployment(resolve(io.cwd, flags.manifest), { env: io.env, cwd: io.cwd });
  const ids = deployment.plugins
    .filter((p) => p.manifest.kind === 'scheduler' || p.manifest.kind === 'agent-selector')
    .map((p) => p.manifest.id);
  if (ids.length === 0) throw new Error(`${flags.manifest} loads no scheduler or agent-selector plugin`);
  const group = workload.resourceGroup ?? 'default';
  const scheduling = deployment.plugins.find((p) => p.manifest.id === 'manager-scheduling')?.config as
    { resourceGroups?: Record<string, ResourceGroupPolicy> } | undefined;
  const configured = scheduling?.resourceGroups?.[group] ?? {};
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const kernel = new Kernel(deployment, { only: ids, logDestination: context.debug() ? io.stderr : discard });
  await kernel.start();
  try {
    const chosen = implementationsFor(
      kernel.resolve<NamedRegistry<Scheduler>>('scheduler'),
      kernel.resolve<NamedRegistry<AgentSelector>>('agent-selector'),
      {
        ...configured,
        ...(flags.scheduler ? { scheduler: flags.scheduler } : {}),
        ...(flags.agentSelector ? { agentSelector: flags.agentSelector } : {}),
      },
      null,
    );
    return await simulateWorkload(workload, chosen);
  } finally {
    await kernel.stop('command finished');
  }
}

function seconds(value: number | null): string {
  if (value === null) return '-';
  const whole = Math.round(value);
  const parts: Array<[number, string]> = [
    [Math.floor(whole / 3600), 'h'],
    [Math.floor((whole % 3600) / 60), 'm'],
    [whole % 60, 's'],
  ];
  return (
    parts
      .filter(([amount]) => amount > 0)
      .map(([amount, unit]) => `${amount}${unit}`)
      .join('') || '0s'
  );
}

function row(s: SimulatedSession): string[] {
  return [
    s.id,
    String(s.priority),
    seconds(s.submittedAt),
    seconds(s.startedAt),
    seconds(s.waitedSeconds),
    s.agents.join(',') || '-',
    s.state,
    s.reason ?? '',
  ];
}

function describe(report: SimulationReport): string {
  const header = ['SESSION', 'PRIORITY', 'SUBMITTED', 'STARTED', 'WAITED', 'AGENTS', 'STATE', 'WHY'];
  const { summary } = report;
  return (
    formatTable(header, report.sessions.map(row)) +
    `\n${report.scheduler} + ${report.agentSelector} on resource group ${report.resourceGroup}: ` +
    `${summary.placed} of ${summary.sessions} sessions placed, ${summary.pending} still pending, ` +
    `${summary.cancelled} cancelled; mean wait ${seconds(summary.meanWaitSeconds)}, ` +
    `longest ${seconds(summary.maxWaitSeconds)}; makespan ${seconds(summary.makespanSeconds)} ` +
    `(${report.passes} passes)\n`
  );
}

/** `tessera schedule explain|simulate`: the scheduler's verbs. */
export function registerScheduleCommand(program: Command, context: CommandContext): void {
  const schedule = program
    .command('schedule')
    .summary('ask why a session waits, or try scheduling policies without a cluster');
  registerScheduleExplainCommand(schedule, context);
  schedule
    .command('simulate')
    .summary("replay a workload through a deployment's scheduler and agent selector")
    .description(
      'Replay a workload of agents and sessions through the scheduler and agent selector a ' +
        'deployment would use (its plugins are loaded, nothing else: no database, no agents), with ' +
        "the manager's own scheduling loop: priority bands, predicates, filters and placement. " +
        'Prints where each session went and when, or why it still waits.',
    )
    .requiredOption('--manifest <manifest>', 'deployment manifest whose scheduling plugins to use')
    .requiredOption('--workload <file>', 'workload to replay (YAML)')
    .option('--scheduler <name>', 'use this scheduler instead of the one the deployment would use')
    .option('--agent-selector <name>', 'use this agent selector instead')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', SIMULATE_HELP)
    .action(async (flags: SimulateFlags) => {
      try {
        const report = await simulate(flags, context);
        context.io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
        context.finish(EXIT.ok);
      } catch (error) {
        await reportFailure(error, context);
      }
    });
}
