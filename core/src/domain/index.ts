export * from './statuses';
export * from './execution';
export * from './kernel-spec';
export * from './host-architecture';
