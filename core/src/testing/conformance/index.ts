export * from './event-bus';
export * from './config-store';
export * from './lock';
