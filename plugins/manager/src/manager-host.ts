import { inject, injectable } from 'tsyringe';
import { ApiServer } from './api-server';
import { ListenerSubscriptions } from './listener-subscriptions';

/**
 * The manager daemon as a host: the REST API (auth, problem+json, version prefix, root routes,
 * the admin GraphQL endpoints) over the routes and types feature plugins contribute, and their
 * event listeners on the bus. Building it does no I/O; `start` subscribes and listens, `stop` undoes
 * that in reverse.
 */
@injectable()
export class ManagerHost {
  constructor(
    @inject(ApiServer) private readonly server: ApiServer,
    @inject(ListenerSubscriptions) private readonly listeners: ListenerSubscriptions,
  ) {}

  async start(): Promise<void> {
    try {
      await this.listeners.subscribe();
      await this.server.listen();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  url(): string {
    return this.server.url();
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.listeners.unsubscribe();
  }
}
