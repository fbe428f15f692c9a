import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { PostgresLockService } from '@tessera/lock-postgres';
import { freePort } from '../../support/free-port';
import { tesseraFailure } from '../../support/tessera-failure';

const silent = createLogger({ level: 'silent' });

describe('lock-postgres when its server does not answer', () => {
  it('fails to connect with lock-unavailable', async () => {
    const locks = new PostgresLockService(
      {
        host: '127.0.0.1',
        port: await freePort(),
        user: 'postgres',
        database: 'backend',
        namespace: 'n',
        defaultTtlMs: 2000,
        connectTimeoutMs: 1000,
      },
      silent,
    );
    const error = await tesseraFailure(locks.connect());
    expect(error.code).to.equal('lock-unavailable');
    await locks.close();
  });

  it('refuses to lock while not connected', async () => {
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
    expect((await tesseraFailure(locks.acquire('x'))).code).to.equal('lock-unavailable');
  });
});
