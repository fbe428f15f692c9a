import { createServer } from 'node:net';
import { expect } from 'chai';
import { createLogger, TesseraError } from '@tessera/core';
import { EtcdLockService } from '@tessera/lock-etcd';
import { PostgresLockService } from '@tessera/lock-postgres';

const silent = createLogger({ level: 'silent' });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

async function failure(attempt: Promise<unknown>): Promise<TesseraError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('lock services when their server does not answer', () => {
  it('lock-etcd fails to connect with lock-unavailable, naming the endpoint', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const locks = new EtcdLockService(
      { endpoints: [endpoint], namespace: 'n', defaultTtlMs: 2000, requestTimeoutMs: 1000, owner: 'test' },
      silent,
    );
    const error = await failure(locks.connect());
    expect(error.code).to.equal('lock-unavailable');
    expect(error.message).to.contain(endpoint);
    await locks.close();
  });

  it('lock-postgres fails to connect with lock-unavailable', async () => {
    const locks = new PostgresLockService(
      {
        host: '127.0.0.1',
        port: await closedPort(),
        user: 'postgres',
        database: 'backend',
        namespace: 'n',
        defaultTtlMs: 2000,
        connectTimeoutMs: 1000,
      },
      silent,
    );
    const error = await failure(locks.connect());
    expect(error.code).to.equal('lock-unavailable');
    await locks.close();
  });

  it('a lock service that is not connected refuses to lock', async () => {
    const locks = new PostgresLockService(
      {
        host: '127.0.0.1',
        port: 1,
        user: 'postgres',
        database: 'backend',
        namespace: 'n',
        defaultTtlMs: 2000,
        connectTimeoutMs: 1000,
      },
      silent,
    );
    expect((await failure(locks.acquire('x'))).code).to.equal('lock-unavailable');
  });
});
