import type { Predicate } from './predicate';

/** Every session this one depends on must have ended TERMINATED with result SUCCESS. */
export const dependencies: Predicate = {
  name: 'dependencies',
  forPrivateSessions: true,
  check(session, context) {
    const waiting: string[] = [];
    for (const id of session.dependencies ?? []) {
      const dependency = context.dependencies.get(id);
      if (dependency?.status === 'TERMINATED' && dependency.result === 'SUCCESS') continue;
      waiting.push(dependency ? `${dependency.name} (${id})` : `(${id})`);
    }
    if (waiting.length === 0) return null;
    return `Waiting dependency sessions to finish as success. (${waiting.join(', ')})`;
  },
};
