export { default } from './plugin';
export { LifoScheduler } from './lifo-scheduler';
