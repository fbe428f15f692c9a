export { acceleratorDevice, idleAcceleratorDevices } from './accelerator-types';
export { pickBySlots, type SlotPreference, type SlotRanking } from './pick-by-slots';
export { capacityOf, remainingOf } from './measures';
