export * from './event-bus';
export * from './config-store';
export * from './lock';
export * from './scheduler';
export * from './agent-selector';
export { agentRecord, deepFreeze, sessionRecord } from './scheduling-records';
