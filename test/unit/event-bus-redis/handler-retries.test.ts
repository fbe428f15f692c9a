import { expect } from 'chai';
import { createLogger, type EventEnvelope } from '@tessera/core';
import { runWithRetries } from '@tessera/event-bus-redis';

const event: EventEnvelope = { name: 'do_schedule', source: 't', payload: { resourceGroup: null } };
const log = createLogger({ level: 'silent' });

function failing(times: number): { handler: () => void; calls: () => number } {
  let calls = 0;
  return {
    handler: () => {
      calls++;
      if (calls <= times) throw new Error(`failure ${calls}`);
    },
    calls: () => calls,
  };
}

function context(attemptsSpent: number, signal = new AbortController().signal) {
  return { group: 'manager', id: '1-0', attemptsSpent, policy: { maxRetries: 3, retryDelayMs: 1 }, signal };
}

describe('event-bus-redis: handler retries', () => {
  it('retries a failing handler until it succeeds', async () => {
    const subject = failing(2);
    expect(await runWithRetries(subject.handler, event, context(0), log)).to.equal('handled');
    expect(subject.calls()).to.equal(3);
  });

  it('drops the event after maxRetries redeliveries (4 attempts in all)', async () => {
    const subject = failing(10);
    expect(await runWithRetries(subject.handler, event, context(0), log)).to.equal('dropped');
    expect(subject.calls()).to.equal(4);
  });

  it('counts attempts earlier deliveries already spent', async () => {
    const subject = failing(10);
    expect(await runWithRetries(subject.handler, event, context(2), log)).to.equal('dropped');
    expect(subject.calls()).to.equal(2);
  });

  it('stops between attempts when told to, leaving the event undelivered', async () => {
    const stop = new AbortController();
    let calls = 0;
    const outcome = await runWithRetries(
      () => {
        calls++;
        stop.abort();
        throw new Error('fails');
      },
      event,
      context(0, stop.signal),
      log,
    );
    expect(outcome).to.equal('interrupted');
    expect(calls).to.equal(1);
  });
});
