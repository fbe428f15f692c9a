import type { MockAcceleratorConfig } from '@tessera/accelerator-mock';

type Schema = { properties: Record<string, { default?: unknown }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = (require('@tessera/accelerator-mock/package.json') as { tessera: { configSchema: Schema } })
  .tessera.configSchema;

/**
 * The plugin's config as the kernel hands it over: the schema's top-level defaults (from
 * package.json, so the defaults under test are the shipped ones) under `overrides`.
 */
export function mockConfig(overrides: Partial<MockAcceleratorConfig> = {}): MockAcceleratorConfig {
  const defaults = Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([, property]) => property.default !== undefined)
      .map(([name, property]) => [name, structuredClone(property.default)]),
  );
  return { ...defaults, ...structuredClone(overrides) } as MockAcceleratorConfig;
}

export const GPU_A = 'c59395cd-ac91-4cd3-a1b0-3d2568aa2d01';
export const GPU_B = 'c59395cd-ac91-4cd3-a1b0-3d2568aa2d02';

/** Backend.AI's cuda-mock-mig sample: two whole 40G devices, a MIG-20g slice, two MIG-10g and four MIG-5g. */
export const MIG_DEVICES: MockAcceleratorConfig['devices'] = [
  {
    motherUuid: 'full-0',
    modelName: 'CUDA GPU',
    numaNode: 0,
    subprocCount: 108,
    memorySize: '40g',
    isMigDevice: false,
  },
  {
    motherUuid: 'full-1',
    modelName: 'CUDA GPU',
    numaNode: 1,
    subprocCount: 108,
    memorySize: '40g',
    isMigDevice: false,
  },
  {
    motherUuid: 'mother-2',
    modelName: 'MIG-20g',
    numaNode: 0,
    subprocCount: 56,
    memorySize: '20g',
    isMigDevice: true,
  },
  {
    motherUuid: 'mother-2',
    modelName: 'MIG-10g',
    numaNode: 0,
    subprocCount: 28,
    memorySize: '10g',
    isMigDevice: true,
  },
  {
    motherUuid: 'mother-2',
    modelName: 'MIG-10g',
    numaNode: 0,
    subprocCount: 28,
    memorySize: '10g',
    isMigDevice: true,
  },
  {
    motherUuid: 'mother-3',
    modelName: 'MIG-5g',
    numaNode: 1,
    subprocCount: 14,
    memorySize: '5g',
    isMigDevice: true,
  },
  {
    motherUuid: 'mother-3',
    modelName: 'MIG-5g',
    numaNode: 1,
    subprocCount: 14,
    memorySize: '5g',
    isMigDevice: true,
  },
  {
    motherUuid: 'mother-3',
    modelName: 'MIG-5g',
    numaNode: 1,
    subprocCount: 14,
    memorySize: '5g',
    isMigDevice: true,
  },
  {
    motherUuid: 'mother-3',
    modelName: 'MIG-5g',
    numaNode: 1,
    subprocCount: 14,
    memorySize: '5g',
    isMigDevice: true,
  },
];
