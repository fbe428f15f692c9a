/**
 * A consumer in a process of its own, for the cross-process tests. Usage:
 *   node consumer-process.js <options JSON> <record|hang>
 * It subscribes `do_schedule` in the consumer group `manager`, prints `ready`, then for each
 * event prints `handled <resourceGroup>`. In `hang` mode the handler never resolves (the parent
 * then kills the process, leaving the event pending); in `record` mode it resolves at once.
 * On SIGTERM it closes the bus and exits.
 */
import { createLogger } from '@tessera/core';
import { RedisEventBus, type RedisBusOptions } from '@tessera/event-bus-redis';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]!) as RedisBusOptions;
  const mode = process.argv[3];
  const bus = new RedisEventBus(options, createLogger({ level: 'silent' }));
  await bus.connect();
  await bus.subscribe('do_schedule', 'manager', async (event) => {
    process.stdout.write(`handled ${event.payload.resourceGroup}\n`);
    if (mode === 'hang') await new Promise(() => undefined);
  });
  process.once('SIGTERM', () => {
    void bus.close().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`consumer process failed: ${String(error)}\n`);
  process.exit(1);
});
