import { expect } from 'chai';
import type { EventEnvelope } from '@tessera/core';
import { deliverEntry, encodeEntry, HandlerTable, type DeliveryContext } from '@tessera/event-bus-redis';
import { RecordingLogger } from '../../support/recording-logger';

const event: EventEnvelope = { name: 'do_schedule', source: 't', payload: { resourceGroup: 'default' } };
const entry = { id: '5-0', fields: encodeEntry(event) };

function setUp(handler?: (event: EventEnvelope) => void) {
  const handlers = new HandlerTable();
  if (handler) handlers.add('manager', 'do_schedule', handler);
  const log = new RecordingLogger();
  const context: DeliveryContext = {
    stream: 'events',
    group: 'manager',
    handlers,
    policy: { maxRetries: 3, retryDelayMs: 1 },
    signal: new AbortController().signal,
    log,
  };
  return { context, log };
}

describe('event-bus-redis: delivering one stream entry', () => {
  it('hands the decoded event to the group handler, then acknowledges', async () => {
    const seen: EventEnvelope[] = [];
    const { context } = setUp((received) => void seen.push(received));
    expect(await deliverEntry(entry, 1, context)).to.equal('acknowledge');
    expect(seen).to.deep.equal([event]);
  });

  it('counts earlier deliveries as spent attempts: a twice-delivered event gets two more tries, not four', async () => {
    let calls = 0;
    const { context, log } = setUp(() => {
      calls++;
      throw new Error('still failing');
    });
    expect(await deliverEntry(entry, 3, context)).to.equal('acknowledge');
    expect(calls).to.equal(2);
    expect(log.messages('error')).to.deep.equal(['event handler failed; event dropped']);
  });

  it('drops, with an error, an event delivered more than maxRetries + 1 times, without running the handler', async () => {
    let calls = 0;
    const { context, log } = setUp(() => void calls++);
    expect(await deliverEntry(entry, 5, context)).to.equal('acknowledge');
    expect(calls).to.equal(0);
    expect(log.messages('error')).to.deep.equal([
      'event delivered too many times without being acknowledged; dropped',
    ]);
  });

  it('acknowledges, and says so, entries it cannot use: deleted, malformed, or with no handler here', async () => {
    const { context, log } = setUp();
    expect(await deliverEntry({ id: '1-0', fields: null }, 2, context)).to.equal('acknowledge');
    expect(await deliverEntry({ id: '2-0', fields: ['name', 'nonsense'] }, 1, context)).to.equal(
      'acknowledge',
    );
    expect(await deliverEntry(entry, 1, context)).to.equal('acknowledge');
    expect(log.messages('error')).to.deep.equal([
      'pending event was deleted from the stream before it was handled; it is lost',
      'malformed event entry dropped',
    ]);
    expect(log.messages('debug')).to.deep.equal([
      'no handler for the event in this consumer group; acknowledged',
    ]);
  });

  it('leaves the entry pending when the consumer stops between two attempts', async () => {
    const stop = new AbortController();
    const { context } = setUp(() => {
      stop.abort();
      throw new Error('fails');
    });
    expect(await deliverEntry(entry, 1, { ...context, signal: stop.signal })).to.equal('leave-pending');
  });
});
