export { default } from './plugin';
export { LegacySelector, type LegacyOptions } from './legacy-selector';
