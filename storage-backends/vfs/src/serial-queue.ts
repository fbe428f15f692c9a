/**
 * Runs tasks one after another (in the order they were queued), for read-modify-write of a
 * volume's shared records (the btrfs qgroup map, the xfs project ids) within one proxy.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
