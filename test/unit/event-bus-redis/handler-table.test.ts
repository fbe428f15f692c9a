import { expect } from 'chai';
import { HandlerTable, resolveBusOptions } from '@tessera/event-bus-redis';
import { busConfig } from './support/bus-config';

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

  it('runs with the Backend.AI layout by default and names the consumer after node and pid', () => {
    const options = resolveBusOptions(busConfig({ url: 'redis://10.0.0.5:6379' }), 'node-a', 4242);
    expect(options).to.deep.include({
      url: 'redis://10.0.0.5:6379',
      db: 4,
      stream: 'events',
      channel: 'events_all',
      consumer: 'node-a-4242',
      maxRetries: 3,
      maxLength: 128,
    });
    expect(resolveBusOptions(busConfig({ consumer: 'fixed', db: 7 }), 'node-a').consumer).to.equal('fixed');
  });
});
