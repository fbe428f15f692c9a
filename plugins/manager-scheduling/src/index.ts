import 'reflect-metadata';

export { default } from './plugin';
// The loop's parts, for benchmarks and tests that drive a pass by hand.
export { SchedulingDispatcher, type SchedulingDispatcherOptions } from './scheduling-dispatcher';
export type { PassReport } from './scheduling-pass';
export { PassInputLoader, type LoadedPass } from './pass-input-loader';
export { PassWriter, type Decision, type PassTally, type PassWriterOptions } from './pass-writer';
export { OutcomeRecorder, type PendingVerdict } from './outcome-recorder';
export { imageRecordsFromHeartbeat } from './image-records';
export { withGroupOptions, withResourceOpts } from './kernel-launcher';
