export * from './boot-test-kernel';
export * from './conformance';
