import type { AgentRecord, SlotTypeMap } from '@tessera/core';

/** How a client shows a slot (upstream's AcceleratorMetadata, snake_case on the wire). */
export interface SlotMetadata {
  slot_name: string;
  description: string;
  human_readable_name: string;
  display_unit: string;
  number_format: { binary: boolean; round_length: number };
  display_icon: string;
}

function entry(
  slotName: string,
  humanReadableName: string,
  description: string,
  displayUnit: string,
  displayIcon: string,
  binary = false,
  roundLength = 0,
): SlotMetadata {
  return {
    slot_name: slotName,
    description,
    human_readable_name: humanReadableName,
    display_unit: displayUnit,
    number_format: { binary, round_length: roundLength },
    display_icon: displayIcon,
  };
}

/**
 * Display data for the slots Backend.AI's manager describes itself, for accelerators that do not
 * report their own. `mem` is named `ram` there, and clients expect that.
 */
const KNOWN_SLOT_METADATA: Readonly<Record<string, SlotMetadata>> = {
  cpu: entry('cpu', 'CPU', 'CPU', 'Core', 'cpu'),
  mem: entry('ram', 'RAM', 'Memory', 'GiB', 'cpu', true),
  'cuda.device': entry('cuda.device', 'GPU', 'CUDA-capable GPU', 'GPU', 'gpu1'),
  'cuda.shares': entry('cuda.shares', 'fGPU', 'CUDA-capable GPU (fractional)', 'fGPU', 'gpu1', false, 2),
  'rocm.device': entry('rocm.device', 'GPU', 'ROCm-capable GPU', 'GPU', 'gpu2'),
  'tpu.device': entry('tpu.device', 'TPU', 'TPU device', 'GPU', 'tpu'),
};

/**
 * `GET /config/resource-slots/details`: display data of every known slot that has some, either
 * reported by an agent's compute plugin (`compute_plugins.<key>.metadata`, a list) or from the
 * table above. With a resource group, only cpu, mem and the slots its agents offer.
 */
export function slotDetails(
  known: SlotTypeMap,
  agents: readonly AgentRecord[],
  resourceGroup: string | null,
): Record<string, SlotMetadata> {
  const reported: Record<string, SlotMetadata> = {};
  for (const agent of agents) {
    for (const plugin of Object.values(agent.computePlugins)) {
      const list = plugin['metadata'];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const metadata = readReported(item);
        if (metadata) reported[metadata.slot_name] = metadata;
      }
    }
  }
  const offered =
    resourceGroup === null
      ? null
      : new Set([
          'cpu',
          'mem',
          ...agents
            .filter((agent) => agent.resourceGroup === resourceGroup)
            .flatMap((agent) => Object.keys(agent.availableSlots)),
        ]);
  const details: Record<string, SlotMetadata> = {};
  for (const slot of Object.keys(known).sort()) {
    if (offered && !offered.has(slot)) continue;
    const metadata = reported[slot] ?? KNOWN_SLOT_METADATA[slot];
    if (metadata) details[slot] = structuredClone(metadata);
  }
  return details;
}

/** An agent-reported entry in either spelling (the accelerator contract's camelCase, or the wire's). */
function readReported(item: unknown): SlotMetadata | null {
  if (typeof item !== 'object' || item === null) return null;
  const value = item as Record<string, unknown>;
  const text = (camel: string, snake: string): string | null => {
    const found = value[camel] ?? value[snake];
    return typeof found === 'string' ? found : null;
  };
  const slotName = text('slotName', 'slot_name');
  if (!slotName) return null;
  const format = (value['numberFormat'] ?? value['number_format'] ?? {}) as Record<string, unknown>;
  return {
    slot_name: slotName,
    description: text('description', 'description') ?? slotName,
    human_readable_name: text('humanReadableName', 'human_readable_name') ?? slotName,
    display_unit: text('displayUnit', 'display_unit') ?? '',
    number_format: {
      binary: format['binary'] === true,
      round_length: Number(format['roundLength'] ?? format['round_length'] ?? 0),
    },
    display_icon: text('displayIcon', 'display_icon') ?? '',
  };
}
