import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { EtcdLockService } from '@tessera/lock-etcd';
import { freePort } from '../../support/free-port';
import { tesseraFailure } from '../../support/tessera-failure';

const silent = createLogger({ level: 'silent' });

describe('lock-etcd when its server does not answer', () => {
  it('fails to connect with lock-unavailable, naming the endpoint', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const locks = new EtcdLockService(
      { endpoints: [endpoint], namespace: 'n', defaultTtlMs: 2000, requestTimeoutMs: 1000, owner: 'test' },
      silent,
    );
    const error = await tesseraFailure(locks.connect());
    expect(error.code).to.equal('lock-unavailable');
    expect(error.message).to.contain(endpoint);
    await locks.close();
  });
});
