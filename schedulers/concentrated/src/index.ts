export { default } from './plugin';
export { ConcentratedSelector, type ConcentratedOptions } from './concentrated-selector';
