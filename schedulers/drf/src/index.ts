export { default } from './plugin';
export { DrfScheduler, type DrfKey, type DrfOptions, type DrfPassState } from './drf-scheduler';
export { dominantShare } from './dominant-share';
