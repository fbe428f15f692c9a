import {
  hostArchitecture,
  INTRINSIC_SLOT_TYPES,
  type Accelerator,
  type AgentInfo,
  type BackendImage,
} from '@tessera/core';
import type { AgentSettings } from './agent-settings';

/**
 * What a heartbeat says about this agent: capacity per slot (cpu, mem and every accelerator's
 * slots), slot types, the images its backend can run, the compute plugins (version, extra info,
 * display metadata of their slots, exclusive slot types) and each accelerator's devices.
 */
export async function buildAgentInfo(
  settings: AgentSettings,
  accelerators: Accelerator[],
  images: BackendImage[],
): Promise<AgentInfo> {
  const availableSlots: Record<string, string> = { cpu: settings.capacity.cpu, mem: settings.capacity.mem };
  const slotTypes: AgentInfo['slotTypes'] = { ...INTRINSIC_SLOT_TYPES };
  const computePlugins: AgentInfo['computePlugins'] = {};
  const devices: NonNullable<AgentInfo['devices']> = {};
  for (const accelerator of accelerators) {
    devices[accelerator.key] = (await accelerator.listDevices()).map((device) => ({ ...device }));
    Object.assign(availableSlots, await accelerator.availableSlots());
    Object.assign(slotTypes, accelerator.slotTypes);
    computePlugins[accelerator.key] = {
      version: accelerator.version(),
      ...accelerator.extraInfo(),
      // How clients show the slots (GET /config/resource-slots/details), in upstream's wire form.
      metadata: accelerator.metadata().map((item) => ({
        slot_name: item.slotName,
        description: item.description,
        human_readable_name: item.humanReadableName,
        display_unit: item.displayUnit,
        number_format: { binary: item.numberFormat.binary, round_length: item.numberFormat.roundLength },
        display_icon: item.displayIcon,
      })),
      exclusive_slot_types: [...accelerator.exclusiveSlotTypes],
    };
  }
  return {
    agentId: settings.agentId,
    address: settings.address,
    region: settings.region,
    resourceGroup: settings.resourceGroup,
    architecture: hostArchitecture(),
    version: settings.version,
    availableSlots,
    slotTypes,
    images: images.map((image) => ({
      name: image.name,
      architecture: image.architecture,
      labels: image.labels,
    })),
    computePlugins,
    devices,
  };
}
