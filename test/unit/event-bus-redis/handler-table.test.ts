import { expect } from 'chai';
import { HandlerTable } from '@tessera/event-bus-redis/dist/handler-table';
import { resolveBusOptions } from '@tessera/event-bus-redis';

describe('event-bus-redis: local handlers and options', () => {
  it("shares a group's entries between its local handlers in turn, per group", async () => {
    const table = new HandlerTable();
    const seen: string[] = [];
    table.add('manager', 'do_schedule', () => void seen.push('m1'));
    table.add('manager', 'do_schedule', () => void seen.push('m2'));
    table.add('auditor', 'do_schedule', () => void seen.push('a'));
    const event = { name: 'do_schedule', source: 't', payload: { resourceGroup: null } } as const;
    for (let i = 0; i < 4; i++) await table.pick('manager', 'do_schedule')!(event);
    await table.pick('auditor', 'do_schedule')!(event);
    expect(seen).to.deep.equal(['m1', 'm2', 'm1', 'm2', 'a']);
    expect(table.pick('manager', 'agent_started')).to.equal(undefined);
  });

  it('forgets a group once its last handler is removed', () => {
    const table = new HandlerTable();
    const removeFirst = table.add('manager', 'do_schedule', () => undefined);
    const removeSecond = table.add('manager', 'agent_started', () => undefined);
    removeFirst();
    expect(table.hasGroup('manager')).to.equal(true);
    removeSecond();
    expect(table.hasGroup('manager')).to.equal(false);
  });

  it('fills options from the schema defaults (Backend.AI layout) and names the consumer after node and pid', () => {
    const options = resolveBusOptions({ url: 'redis://10.0.0.5:6379' }, 'node-a', 4242);
    expect(options).to.deep.include({
      url: 'redis://10.0.0.5:6379',
      db: 4,
      stream: 'events',
      channel: 'events_all',
      consumer: 'node-a-4242',
      maxRetries: 3,
      maxLength: 128,
    });
    expect(resolveBusOptions({ consumer: 'fixed', db: 7 }, 'node-a').consumer).to.equal('fixed');
  });
});
