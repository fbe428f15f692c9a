import { inject, injectable } from 'tsyringe';
import { ApiServer } from './api-server';
import { LeaderTimerRunner } from './leader-timer-runner';
import { ListenerSubscriptions } from './listener-subscriptions';

/**
 * The manager daemon as a host: the REST API (auth, problem+json, version prefix, root routes,
 * the admin GraphQL endpoints) over the routes and types feature plugins contribute, and their
 * event listeners on the bus, and their leader timers. Building it does no I/O; `start` subscribes,
 * listens and starts the timers, `stop` undoes that in reverse.
 */
@injectable()
export class ManagerHost {
  constructor(
    @inject(ApiServer) private readonly server: ApiServer,
    @inject(ListenerSubscriptions) private readonly listeners: ListenerSubscriptions,
    @inject(LeaderTimerRunner) private readonly timers: LeaderTimerRunner,
  ) {}

  async start(): Promise<void> {
    try {
      await this.listeners.subscribe();
      await this.server.listen();
      this.timers.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  url(): string {
    return this.server.url();
  }

  async stop(): Promise<void> {
    await this.timers.stop();
    await this.server.close();
    await this.listeners.unsubscribe();
  }
}
