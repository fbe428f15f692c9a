export { default } from './plugin';
export { OrmDatabase } from './orm-database';
export type { Config } from './config.generated';
export { EXAMPLE_ADMIN } from './fixtures/example-values';
export { minSlotsFromLabels, MIN_SLOT_LABEL_PREFIX } from './images/min-slots-from-labels';
