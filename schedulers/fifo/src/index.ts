export { default } from './plugin';
export { FifoScheduler, type FifoOptions } from './fifo-scheduler';
