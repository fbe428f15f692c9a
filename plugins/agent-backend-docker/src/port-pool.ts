import { createServer } from 'node:net';
import { TesseraError } from '@tessera/core';

/**
 * True when nothing listens on `host:port` right now (another process, another agent's
 * containers); throws when `host` is not an address of this host at all.
 */
function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRNOTAVAIL') return resolve(false);
      reject(
        new TesseraError('config-invalid', `bindHost ${host} is not an address of this host`, {
          bindHost: host,
        }),
      );
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Host ports for service ports, from the configured range (Backend.AI's [container].port-range).
 * Ports this agent handed out are held until released; a port something else on the host holds
 * (another agent's container, any other process) is skipped when it is found bound. Rebuilt from
 * the containers found again after a restart (`reserve`).
 */
export class PortPool {
  private readonly held = new Set<number>();
  private next: number;

  constructor(
    private readonly first: number,
    private readonly last: number,
    private readonly host: string,
  ) {
    if (first > last) {
      throw new TesseraError('config-invalid', 'portRange must list its first port before its last', {
        portRange: [first, last],
      });
    }
    this.next = first;
  }

  /** `count` free ports, held until released; throws when the range has no more. */
  async allocate(count: number): Promise<number[]> {
    const taken: number[] = [];
    const size = this.last - this.first + 1;
    for (let tried = 0; taken.length < count && tried < size; tried++) {
      const port = this.next;
      this.next = port >= this.last ? this.first : port + 1;
      if (this.held.has(port)) continue;
      this.held.add(port); // before the probe: a concurrent allocation must not pick it too
      let free: boolean;
      try {
        free = await canBind(this.host, port);
      } catch (error) {
        this.held.delete(port);
        this.release(taken);
        throw error;
      }
      if (free) taken.push(port);
      else this.held.delete(port);
    }
    if (taken.length < count) {
      this.release(taken);
      throw new TesseraError('session-start-failed', 'No free host port is left for service ports', {
        portRange: [this.first, this.last],
        needed: count,
        held: this.held.size,
      });
    }
    return taken;
  }

  /** Marks ports as held (kernels found again after a restart). */
  reserve(ports: Iterable<number>): void {
    for (const port of ports) this.held.add(port);
  }

  release(ports: Iterable<number | null>): void {
    for (const port of ports) if (port !== null) this.held.delete(port);
  }

  /** Ports currently held, for tests and diagnostics. */
  heldPorts(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }
}
