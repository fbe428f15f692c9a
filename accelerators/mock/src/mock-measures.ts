import { gpuNodeMeasures, sumMeasurements, type AcceleratorNodeMeasure } from '@tessera/core';
import type { MockSettings } from './mock-settings';

/** A uniform random number in [min, max). */
export type RandomSource = () => number;

const POWER_MAX_WATTS = 250;
const TEMPERATURE_MAX_CELSIUS = 120;

/** A normally distributed sample (Box-Muller) from a uniform source. */
function normal(random: RandomSource, mean: number, deviation: number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  const v = random();
  return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Plausible random measures of the mock's devices, in the ranges upstream's mock draws from:
 * memory 20-100 % used, utilisation 0-100 %, power around 200 W of 250, temperature around 90 of
 * 120 C. Keys are `<key>_mem`, `<key>_util`, `<key>_power` and `<key>_temperature`.
 */
export function mockNodeMeasures(
  settings: MockSettings,
  random: RandomSource = Math.random,
): AcceleratorNodeMeasure[] {
  const { devices, key } = settings;
  if (devices.length === 0) return [];
  const mem: AcceleratorNodeMeasure['perDevice'] = {};
  const util: AcceleratorNodeMeasure['perDevice'] = {};
  const power: AcceleratorNodeMeasure['perDevice'] = {};
  const temperature: AcceleratorNodeMeasure['perDevice'] = {};
  for (const device of devices) {
    const total = device.memorySize.toNumber();
    mem[device.deviceId] = { value: Math.floor(total * (0.2 + 0.8 * random())), capacity: total };
    util[device.deviceId] = { value: Math.floor(100 * random()), capacity: 100 };
    power[device.deviceId] = {
      value: Math.round(clamp(normal(random, 200, 50), 0, POWER_MAX_WATTS)),
      capacity: POWER_MAX_WATTS,
    };
    temperature[device.deviceId] = {
      value: Math.round(clamp(normal(random, 90, 20), 20, TEMPERATURE_MAX_CELSIUS)),
      capacity: TEMPERATURE_MAX_CELSIUS,
    };
  }
  const temperatures = Object.values(temperature).map((m) => m.value);
  return [
    ...gpuNodeMeasures(key, mem, util),
    {
      key: `${key}_power`,
      type: 'gauge',
      unitHint: 'Watts',
      statsFilter: ['avg', 'max'],
      perNode: sumMeasurements(power),
      perDevice: power,
    },
    {
      key: `${key}_temperature`,
      type: 'gauge',
      unitHint: 'Celsius',
      statsFilter: ['avg', 'max'],
      perNode: {
        value: Math.round(temperatures.reduce((a, b) => a + b, 0) / temperatures.length),
        capacity: TEMPERATURE_MAX_CELSIUS,
      },
      perDevice: temperature,
    },
  ];
}
