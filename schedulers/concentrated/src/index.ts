export { default } from './plugin';
export { ConcentratedSelector, type ConcentratedOptions } from './concentrated-selector';
export { orderSlotsByPriority } from './slot-order';
