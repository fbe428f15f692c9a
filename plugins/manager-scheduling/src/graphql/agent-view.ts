import type { ListedAgent, SlotsJSON } from '@tessera/core';
import { Agent } from './agent-type';

const MIB = 2 ** 20;

/** A listed agent as the GraphQL `Agent`; what Tessera does not record is null. */
export function toAgent(agent: ListedAgent): Agent {
  const available = agent.availableSlots;
  const occupied = agent.occupiedSlots;
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
    live_stat: null,
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
    // Upstream's resolvers answer 0 when no live statistic exists; Tessera keeps none yet.
    cpu_cur_pct: 0,
    mem_cur_bytes: 0,
  } satisfies Agent);
}

/** A slot's amount as a number; 0 when the slot is absent. */
function amount(slots: SlotsJSON, slot: string): number {
  const value = slots[slot];
  return value === undefined ? 0 : Number(value);
}
