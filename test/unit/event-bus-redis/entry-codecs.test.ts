import { expect } from 'chai';
import type { EventEnvelope } from '@tessera/core';
import { decodeBroadcast, encodeBroadcast, decodeEntry, encodeEntry } from '@tessera/event-bus-redis';

const started: EventEnvelope<'kernel_terminated'> = {
  name: 'kernel_terminated',
  source: 'agent-1',
  payload: { kernelId: 'k1', sessionId: 's1', reason: 'user-requested', exitCode: null },
};

describe('event-bus-redis: stream entries and broadcast messages', () => {
  it('writes Backend.AI field names and reads the event back unchanged', () => {
    const fields = encodeEntry(started);
    expect(fields.filter((_, index) => index % 2 === 0)).to.deep.equal([
      'name',
      'source',
      'payload',
      'metadata',
      '_retry_count',
    ]);
    expect(decodeEntry(fields)).to.deep.equal({ ok: true, event: started, retryCount: 0 });
  });

  it('keeps metadata and counts retries already spent by an upstream-style producer', () => {
    const fields = encodeEntry({ ...started, metadata: { requestId: 'r1' } });
    fields[fields.length - 1] = '2';
    const decoded = decodeEntry(fields);
    expect(decoded).to.deep.include({ ok: true, retryCount: 2 });
    expect(decoded.ok && decoded.event.metadata).to.deep.equal({ requestId: 'r1' });
  });

  it('says why an entry is unusable: unknown event name, broken JSON', () => {
    expect(decodeEntry(['name', 'not_an_event', 'payload', '{}'])).to.deep.equal({
      ok: false,
      reason: 'unknown event name "not_an_event"',
    });
    const broken = decodeEntry(['name', 'do_schedule', 'payload', '{']);
    expect(broken.ok).to.equal(false);
    expect(!broken.ok && broken.reason).to.match(/not JSON/);
  });

  it('round-trips a broadcast message and ignores anything that is not an event', () => {
    const event: EventEnvelope<'session_started'> = {
      name: 'session_started',
      source: 'm',
      payload: { sessionId: 's' },
    };
    expect(JSON.parse(encodeBroadcast(event))).to.deep.equal({ ...event, metadata: {} });
    expect(decodeBroadcast(encodeBroadcast(event))).to.deep.equal(event);
    expect(decodeBroadcast('not json')).to.equal(undefined);
    expect(decodeBroadcast('{"name":"rm -rf"}')).to.equal(undefined);
  });
});
