import type { AcceleratorMeasurement, AcceleratorNodeMeasure } from '../contracts/accelerator';

/**
 * The two measures every GPU plugin reports (Backend.AI's `<key>_mem` and `<key>_util`): memory in
 * use per device in bytes (its capacity when known), and how busy each device is in percent (of
 * 100); the node's values are the devices' added up.
 */
export function gpuNodeMeasures(
  key: string,
  mem: Record<string, AcceleratorMeasurement>,
  util: Record<string, AcceleratorMeasurement>,
): AcceleratorNodeMeasure[] {
  return [
    {
      key: `${key}_mem`,
      type: 'gauge',
      unitHint: 'bytes',
      statsFilter: ['max'],
      perNode: sumMeasurements(mem),
      perDevice: mem,
    },
    {
      key: `${key}_util`,
      type: 'utilization',
      unitHint: 'percent',
      statsFilter: ['avg', 'max'],
      perNode: sumMeasurements(util),
      perDevice: util,
    },
  ];
}

/** The node's value: the devices' values and capacities added up (no capacity unless all have one). */
export function sumMeasurements(perDevice: Record<string, AcceleratorMeasurement>): AcceleratorMeasurement {
  const all = Object.values(perDevice);
  const value = all.reduce((total, m) => total + m.value, 0);
  return all.every((m) => m.capacity !== undefined)
    ? { value, capacity: all.reduce((total, m) => total + m.capacity!, 0) }
    : { value };
}
