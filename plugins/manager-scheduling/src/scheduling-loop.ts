import { inject, injectable, type DependencyContainer } from 'tsyringe';
import { SessionLifecycle } from '@tessera/manager-sessions';
import { SchedulingDispatcher } from './scheduling-dispatcher';
import { SchedulingPass, type PassReport } from './scheduling-pass';
import { PassGroup } from './scheduling-settings';

/**
 * Runs one pass over `resourceGroup` in a child container of its own: a fresh `SchedulingPass`
 * with its writer, selector state and planner, nothing shared with any other pass.
 */
export function runPassIn(container: DependencyContainer, resourceGroup: string): Promise<PassReport> {
  const scope = container.createChildContainer();
  scope.register(PassGroup, { useValue: resourceGroup });
  return scope.resolve(SchedulingPass).run();
}

/**
 * The plugin's instance: the dispatcher's periodic tick, and passes when the sessions feature says
 * kernels gave slots back. Started after init, stopped before the sessions feature stops.
 */
@injectable()
export class SchedulingLoop {
  private stopListening: (() => void) | undefined;

  constructor(
    @inject(SchedulingDispatcher) private readonly dispatcher: SchedulingDispatcher,
    @inject(SessionLifecycle) private readonly lifecycle: SessionLifecycle,
  ) {}

  start(): void {
    this.stopListening = this.lifecycle.onSlotsReleased((resourceGroup) =>
      this.dispatcher.request(resourceGroup, 'slots-released'),
    );
    this.dispatcher.start();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.stopListening = undefined;
    await this.dispatcher.stop();
  }
}
