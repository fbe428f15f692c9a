export { default } from './plugin';
export { DispersedSelector, type DispersedOptions } from './dispersed-selector';
