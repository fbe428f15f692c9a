import type { Command } from 'commander';

import type { CommandContext } from '../../command-context';
import { humanBytes } from '../../cli-output';
import {
  mutate,
  pageOptions,
  printOne,
  printPage,
  verbAction,
  type JsonFlag,
  type PageFlags,
} from './admin-verbs';
import { parseBoolean, parseChoice, slotsColumn, type Column } from './admin-support';

const AGENT_STATUSES = ['ALIVE', 'LOST', 'RESTARTING', 'TERMINATED'] as const;

/** `12.5%`, or `-` when the agent reported no live stats (the server answers 0 then, as upstream). */
const percent = (value: unknown): string => (typeof value === 'number' ? `${value.toFixed(1)}%` : '-');
const bytes = (value: unknown): string => (typeof value === 'number' ? humanBytes(value) : '-');

export const AGENT_COLUMNS: Column[] = [
  { key: 'id', header: 'ID' },
  { key: 'status', header: 'STATUS' },
  { key: 'scalingGroup', header: 'RESOURCE GROUP' },
  { key: 'schedulable', header: 'SCHEDULABLE' },
  slotsColumn('occupiedSlots', 'OCCUPIED'),
  slotsColumn('availableSlots', 'AVAILABLE'),
  { key: 'cpuCurPct', header: 'CPU', format: percent },
  { key: 'memCurBytes', header: 'MEM', format: bytes },
];

const INFO_COLUMNS: Column[] = [
  ...AGENT_COLUMNS,
  { key: 'statusChanged', header: 'STATUS CHANGED' },
  { key: 'addr', header: 'ADDRESS' },
  { key: 'region', header: 'REGION' },
  { key: 'architecture', header: 'ARCHITECTURE' },
  { key: 'version', header: 'VERSION' },
  { key: 'firstContact', header: 'FIRST CONTACT' },
  { key: 'lostAt', header: 'LOST AT' },
  { key: 'computePlugins', header: 'COMPUTE PLUGINS' },
  { key: 'liveStat', header: 'LIVE STAT' },
];

const INFO_FIELDS = [
  'id',
  'status',
  'status_changed',
  'region',
  'architecture',
  'scaling_group',
  'schedulable',
  'available_slots',
  'occupied_slots',
  'addr',
  'first_contact',
  'lost_at',
  'version',
  'compute_plugins',
  'live_stat',
  'cpu_cur_pct',
  'mem_cur_bytes',
];

interface AgentListFlags extends PageFlags {
  status?: string;
  resourceGroup?: string;
}

/** `tessera admin agents list|info|update`: the compute nodes (superadmins only). */
export function registerAgentsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const agents = admin
    .command('agents')
    .summary('inspect agents (compute nodes) and set whether they take kernels');

  const list = agents
    .command('list')
    .description(
      'List agents (GraphQL agent_list), a page at a time: status, resource group, slots occupied and available, live CPU and memory.',
    )
    .option(
      '-s, --status <status>',
      `only agents in this status: ${AGENT_STATUSES.join(', ')}`,
      parseChoice(AGENT_STATUSES),
    )
    .option('-g, --resource-group <name>', 'only agents of this resource group');
  pageOptions(list, 'agents', '"-first_contact" or "+id"').action(
    verbAction(context, (flags: AgentListFlags) =>
      printPage(io, AGENT_COLUMNS, 'agents', flags, (client, page) =>
        client.admin.agents.page({ status: flags.status, scalingGroup: flags.resourceGroup, ...page }),
      ),
    ),
  );

  agents
    .command('info')
    .description('Show one agent (GraphQL agent), with its last live statistics.')
    .argument('<agent-id>', 'the agent id')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (agentId: string, flags: JsonFlag) =>
        printOne(io, INFO_COLUMNS, flags.json, `agent "${agentId}"`, (client) =>
          client.admin.agents.get(agentId, { fields: INFO_FIELDS }),
        ),
      ),
    );

  agents
    .command('update')
    .description('Set whether the scheduler may place kernels on an agent (modify_agent).')
    .argument('<agent-id>', 'the agent id')
    .requiredOption('--schedulable <bool>', 'true: it takes new kernels; false: it takes none', parseBoolean)
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (agentId: string, flags: { schedulable: boolean } & JsonFlag) => {
        await mutate(
          io,
          flags.json,
          `updating agent "${agentId}"`,
          (client) => client.admin.agents.modify(agentId, { schedulable: flags.schedulable }),
          `agent ${agentId} is ${flags.schedulable ? 'schedulable' : 'not schedulable'}`,
        );
      }),
    );
}
