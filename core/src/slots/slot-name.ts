/** `<device>[.<major>[:<minor>]]`, for example `cpu`, `cuda.shares`, `cuda.device:1g.5gb-mig`. */
const SLOT_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+(:[a-z0-9_.-]+)?)?$/i;

/** Major types that mark a slot as an accelerator (Backend.AI's `SlotName.is_accelerator`). */
export const ACCELERATOR_MAJOR_TYPES: readonly string[] = ['device', 'devices', 'share', 'shares'];

export interface SlotNameParts {
  /** `cuda` in `cuda.device:1g.5gb-mig`. */
  device: string;
  /** `device` in `cuda.device:1g.5gb-mig`; empty for `cpu`. */
  major: string;
  /** `1g.5gb-mig` in `cuda.device:1g.5gb-mig`; empty when absent. */
  minor: string;
}

export function isValidSlotName(name: string): boolean {
  return SLOT_NAME.test(name);
}

/** Splits a slot name at its first `.` and the first `:` after it, as upstream does. */
export function parseSlotName(name: string): SlotNameParts {
  const dot = name.indexOf('.');
  const device = dot === -1 ? name : name.slice(0, dot);
  const rest = dot === -1 ? '' : name.slice(dot + 1);
  const colon = rest.indexOf(':');
  return {
    device,
    major: colon === -1 ? rest : rest.slice(0, colon),
    minor: colon === -1 ? '' : rest.slice(colon + 1),
  };
}

/** True for `cuda.device`, `cuda.shares`, `rocm.devices`, `cuda.device:1g.5gb-mig`; false for `cpu`, `mem`. */
export function isAccelerator(name: string): boolean {
  return ACCELERATOR_MAJOR_TYPES.includes(parseSlotName(name).major);
}
