import type { ListedAgent, SlotsJSON } from '@tessera/core';
import { Agent, LIVE_STAT_LIFESPAN_SECONDS } from './agent-type';

const MIB = 2 ** 20;

/**
 * A listed agent as the GraphQL `Agent` at `now`; what Tessera does not record is null. The node's
 * stats are live while younger than upstream's lifespan; CPU and memory come from them.
 */
export function toAgent(agent: ListedAgent, now: Date = new Date()): Agent {
  const available = agent.availableSlots;
  const occupied = agent.occupiedSlots;
  const live =
    agent.lastStat !== null &&
    agent.lastStatAt !== null &&
    now.getTime() - agent.lastStatAt.getTime() <= LIVE_STAT_LIFESPAN_SECONDS * 1000
      ? agent.lastStat
      : null;
  return Object.assign(new Agent(), {
    id: agent.id,
    status: agent.status,
    status_changed: agent.statusChanged,
    region: agent.region,
    scaling_group: agent.resourceGroup,
    schedulable: agent.schedulable,
    available_slots: { ...available },
    occupied_slots: { ...occupied },
    addr: agent.address,
    architecture: agent.architecture,
    first_contact: agent.firstContact,
    lost_at: agent.lostAt,
    live_stat: live,
    version: agent.version,
    compute_plugins: agent.computePlugins,
    hardware_metadata: null,
    local_config: null,
    mem_slots: available['mem'] === undefined ? null : Math.floor(amount(available, 'mem') / MIB),
    cpu_slots: available['cpu'] === undefined ? null : amount(available, 'cpu'),
    gpu_slots: amount(available, 'cuda.device'),
    tpu_slots: amount(available, 'tpu.device'),
    used_mem_slots: Math.floor(amount(occupied, 'mem') / MIB),
    used_cpu_slots: amount(occupied, 'cpu'),
    used_gpu_slots: amount(occupied, 'cuda.device'),
    used_tpu_slots: amount(occupied, 'tpu.device'),
    // Upstream answers 0 when there is no live stat or it lacks the value.
    cpu_cur_pct: nodeMeasure(live, 'cpu_util', 'pct'),
    mem_cur_bytes: Math.trunc(nodeMeasure(live, 'mem', 'current')),
  } satisfies Agent);
}

/** `live.node[measure][part]` as a number; 0 when absent or not numeric (upstream's fallback). */
function nodeMeasure(live: Record<string, unknown> | null, measure: string, part: string): number {
  const node = live?.['node'];
  if (typeof node !== 'object' || node === null) return 0;
  const value = (node as Record<string, unknown>)[measure];
  if (typeof value !== 'object' || value === null) return 0;
  const raw = (value as Record<string, unknown>)[part];
  const parsed = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  return Number.isFinite(parsed) ? parsed : 0;
}

/** A slot's amount as a number; 0 when the slot is absent. */
function amount(slots: SlotsJSON, slot: string): number {
  const value = slots[slot];
  return value === undefined ? 0 : Number(value);
}
