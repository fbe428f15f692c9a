import { KERNEL_STATUSES, type Database, type KernelStatus, type ListedKernel } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/**
 * The kernels of one page of agents, read once per page and status filter whatever the number of
 * agents on it (`Agent.compute_containers` is asked of every item of `agent_list`): the first
 * item's field reads the kernels of every agent of the page, the others wait on that read.
 */
export class AgentContainers {
  private readonly reads = new Map<string, Promise<Map<string, ListedKernel[]>>>();

  constructor(
    private readonly db: Database,
    private readonly agentIds: readonly string[],
  ) {}

  async of(agentId: string, statuses: readonly KernelStatus[] | undefined): Promise<ListedKernel[]> {
    const key = statuses === undefined ? '*' : [...statuses].sort().join(',');
    let read = this.reads.get(key);
    if (read === undefined) {
      read = this.db.agents.kernelsOf(this.agentIds, statuses).then(byAgent);
      this.reads.set(key, read);
    }
    return (await read).get(agentId) ?? [];
  }
}

function byAgent(kernels: ListedKernel[]): Map<string, ListedKernel[]> {
  const grouped = new Map<string, ListedKernel[]>();
  for (const kernel of kernels) {
    if (kernel.agentId === null) continue;
    const list = grouped.get(kernel.agentId);
    if (list) list.push(kernel);
    else grouped.set(kernel.agentId, [kernel]);
  }
  return grouped;
}

/**
 * The `status` argument of `compute_containers`: one kernel status or several, comma-separated;
 * absent or empty is every status. An unknown name is `invalid-api-params` naming the field.
 */
export function kernelStatuses(status: string | null | undefined): KernelStatus[] | undefined {
  if (status === null || status === undefined) return undefined;
  const names = status
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (!(KERNEL_STATUSES as readonly string[]).includes(name)) {
      throw ManagerErrors.invalidParams(
        `Unknown kernel status "${name}" in compute_containers(status); use one or more of ${KERNEL_STATUSES.join(', ')}, comma-separated`,
        { field: 'status' },
      );
    }
  }
  return [...new Set(names)] as KernelStatus[];
}
