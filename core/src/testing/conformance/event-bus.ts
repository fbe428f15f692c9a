/// <reference types="mocha" />
import assert from 'node:assert/strict';
import type { EventBus } from '../../contracts/event-bus';
import type { EventEnvelope } from '../../events/catalogue';

export interface EventBusUnderTest {
  bus: EventBus;
  /** Resolves once every event published so far has been handled. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The event-bus/v1 conformance suite. Every implementation runs it:
 * `describeEventBusConformance('redis', async () => ({ bus, settle, close }))`.
 */
export function describeEventBusConformance(name: string, create: () => Promise<EventBusUnderTest>): void {
  describe(`event-bus/v1 conformance: ${name}`, () => {
    let subject: EventBusUnderTest;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => {
      await subject.close();
    });

    it('delivers an anycast event to exactly one subscriber per consumer group', async () => {
      const seen: string[] = [];
      await subject.bus.subscribe('session_enqueued', 'manager', () => void seen.push('manager-1'));
      await subject.bus.subscribe('session_enqueued', 'manager', () => void seen.push('manager-2'));
      await subject.bus.subscribe('session_enqueued', 'auditor', () => void seen.push('auditor'));
      for (let i = 0; i < 4; i++)
        await subject.bus.publish(
          'session_enqueued',
          { sessionId: `s${i}`, resourceGroup: 'default' },
          'test',
        );
      await subject.settle();
      assert.equal(seen.filter((s) => s.startsWith('manager')).length, 4);
      assert.equal(seen.filter((s) => s === 'auditor').length, 4);
      assert.ok(
        seen.includes('manager-1') && seen.includes('manager-2'),
        'anycast work is shared between the group members',
      );
    });

    it('delivers a broadcast event to every subscriber', async () => {
      const seen: string[] = [];
      await subject.bus.subscribe('session_started', 'client-a', () => void seen.push('a'));
      await subject.bus.subscribe('session_started', 'client-a', () => void seen.push('b'));
      await subject.bus.publish('session_started', { sessionId: 's1' }, 'test');
      await subject.settle();
      assert.deepEqual(seen.sort(), ['a', 'b']);
    });

    it('keeps publish order within a consumer group, across event names', async () => {
      const seen: string[] = [];
      const slow = async (event: EventEnvelope) => {
        await new Promise((resolve) => setTimeout(resolve, event.name === 'kernel_creating' ? 20 : 0));
        seen.push(event.name);
      };
      await subject.bus.subscribe('kernel_creating', 'manager', slow);
      await subject.bus.subscribe('kernel_started', 'manager', slow);
      await subject.bus.publish('kernel_creating', { kernelId: 'k', sessionId: 's' }, 'agent');
      await subject.bus.publish(
        'kernel_started',
        {
          sessionId: 's',
          info: { kernelId: 'k', containerId: 'c', servicePorts: [], deviceAllocation: {}, kernelHost: 'h' },
        },
        'agent',
      );
      await subject.settle();
      assert.deepEqual(seen, ['kernel_creating', 'kernel_started']);
    });

    it('redelivers an anycast event whose handler failed', async () => {
      let attempts = 0;
      await subject.bus.subscribe('do_schedule', 'manager', () => {
        attempts++;
        if (attempts < 2) throw new Error('transient');
      });
      await subject.bus.publish('do_schedule', { resourceGroup: 'default' }, 'test');
      await subject.settle();
      assert.equal(attempts, 2);
    });

    it('stops delivering after unsubscribe', async () => {
      const seen: string[] = [];
      const subscription = await subject.bus.subscribe('agent_started', 'manager', () => void seen.push('x'));
      await subscription.unsubscribe();
      await subject.bus.publish('agent_started', { agentId: 'a' }, 'test');
      await subject.settle();
      assert.deepEqual(seen, []);
    });
  });
}
