import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { HALFSTACK_ENV_KEYS } from '../../support/halfstack-addresses';
import {
  HALFSTACK_UP_TIMEOUT_MS,
  HalfstackAddresses,
  HalfstackUnavailableError,
  requireServices,
} from '../../support/halfstack';
import { runCommand } from '../../support/run-command';

async function psql(url: string, ...statements: string[]): Promise<string> {
  const args = [
    url,
    '-X',
    '-q',
    '-t',
    '-A',
    '-v',
    'ON_ERROR_STOP=1',
    ...statements.flatMap((sql) => ['-c', sql]),
  ];
  const { stdout } = await runCommand('psql', args);
  return stdout.trim();
}

async function redis(url: string, ...command: string[]): Promise<string> {
  const { stdout } = await runCommand('redis-cli', ['-u', url, ...command]);
  return stdout.trim();
}

async function etcdctl(url: string, ...command: string[]): Promise<string> {
  const { stdout } = await runCommand('etcdctl', ['--endpoints', url, ...command], {
    env: { ETCDCTL_API: '3' },
  });
  return stdout.trim();
}

describe('halfstack servers', function () {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  let addresses: HalfstackAddresses;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    addresses = await requireServices(['postgres', 'redis', 'etcd', 'docker', 'registry']);
  });

  it('PostgreSQL keeps a row written on one connection for the next one', async function () {
    const table = `halfstack_probe_${suffix}`;
    try {
      await psql(
        addresses.postgres,
        `create table ${table} (id integer primary key, note text not null)`,
        `insert into ${table} (id, note) values (1, 'written by the halfstack test')`,
      );
      expect(await psql(addresses.postgres, `select note from ${table} where id = 1`)).to.equal(
        'written by the halfstack test',
      );
      expect(await psql(addresses.postgres, 'select current_database()')).to.equal('backend');
    } finally {
      await psql(addresses.postgres, `drop table if exists ${table}`);
    }
  });

  it('Redis gives back the value that was set', async function () {
    const key = `tessera:halfstack-test:${suffix}`;
    expect(await redis(addresses.redis, 'SET', key, 'value-1', 'EX', '60')).to.equal('OK');
    expect(await redis(addresses.redis, 'GET', key)).to.equal('value-1');
    expect(await redis(addresses.redis, 'DEL', key)).to.equal('1');
    expect(await redis(addresses.redis, 'EXISTS', key)).to.equal('0');
  });

  it('etcd gives back the value put under a key', async function () {
    const key = `/tessera/halfstack-test/${suffix}`;
    expect(await etcdctl(addresses.etcd, 'put', key, 'value-1')).to.equal('OK');
    expect(await etcdctl(addresses.etcd, 'get', key, '--print-value-only')).to.equal('value-1');
    expect(await etcdctl(addresses.etcd, 'del', key)).to.equal('1');
    expect(await etcdctl(addresses.etcd, 'get', key, '--print-value-only')).to.equal('');
  });

  it('the Docker engine reports its server version', async function () {
    const { stdout } = await runCommand('docker', [
      '-H',
      addresses.docker,
      'version',
      '--format',
      '{{.Server.Version}}',
    ]);
    expect(stdout.trim()).to.match(/^\d+\.\d+\.\d+/);
  });

  it('the Docker registry answers its catalog over the v2 API', async function () {
    const response = await fetch(new URL('/v2/_catalog', addresses.registry));
    expect(response.status).to.equal(200);
    expect(response.headers.get('docker-distribution-api-version')).to.equal('registry/2.0');
    expect(await response.json())
      .to.have.property('repositories')
      .that.is.an('array');
  });

  it('names the service and address that does not answer instead of skipping', async function () {
    this.timeout(120_000);
    const key = HALFSTACK_ENV_KEYS.redis;
    const saved = process.env[key];
    process.env[key] = 'redis://127.0.0.1:1';
    try {
      const failure = await requireServices(['redis']).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(HalfstackUnavailableError);
      expect((failure as Error).message).to.contain('redis at redis://127.0.0.1:1');
      expect((failure as Error).message).to.contain('scripts/halfstack up said');
    } finally {
      if (saved === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = saved;
      }
    }
  });
});
