export { acceleratorDevice, idleAcceleratorDevices } from './accelerator-types';
export { pickBySlots, type SlotPreference, type SlotRanking } from './pick-by-slots';
export { capacityOf, prepared, remainingOf, type Measure, type PreparedCandidate } from './measures';
export { SlotFigures } from './slot-figures';
