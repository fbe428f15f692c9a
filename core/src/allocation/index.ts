export * from './affinity-map';
export * from './alloc-map';
export * from './allocate-in-order';
export {
  type AllocationAmounts,
  type AllocationInput,
  type SlotRequest,
  roundDown,
  toDeviceAllocation,
} from './allocation-amounts';
export * from './allocation-errors';
export * from './discrete-alloc-map';
export * from './fraction-alloc-map';
export * from './kernel-allocations';
