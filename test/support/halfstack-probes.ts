import { HalfstackService } from './halfstack-addresses';
import { runCommand } from './run-command';

const PROBE_TIMEOUT_MS = 15_000;

/** Asks one server, through its own command-line client, whether it answers; rejects saying why not. */
export type Probe = (address: string) => Promise<void>;

async function probePostgres(url: string): Promise<void> {
  const { stdout } = await runCommand('psql', [url, '-X', '-q', '-t', '-A', '-c', 'select 1'], {
    env: { PGCONNECT_TIMEOUT: '5' },
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (stdout.trim() !== '1') {
    throw new Error(`psql answered ${JSON.stringify(stdout.trim())} to "select 1"`);
  }
}

async function probeRedis(url: string): Promise<void> {
  const { stdout } = await runCommand('redis-cli', ['-u', url, 'ping'], { timeoutMs: PROBE_TIMEOUT_MS });
  if (stdout.trim() !== 'PONG') {
    throw new Error(`redis-cli ping answered ${JSON.stringify(stdout.trim())}`);
  }
}

async function probeEtcd(url: string): Promise<void> {
  await runCommand(
    'etcdctl',
    ['--endpoints', url, '--dial-timeout', '2s', '--command-timeout', '3s', 'endpoint', 'health'],
    {
      env: { ETCDCTL_API: '3' },
      timeoutMs: PROBE_TIMEOUT_MS,
    },
  );
}

async function probeDocker(host: string): Promise<void> {
  const { stdout } = await runCommand('docker', ['-H', host, 'info', '--format', '{{.ServerVersion}}'], {
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (stdout.trim() === '') {
    throw new Error('docker info printed no server version');
  }
}

/** The registry answers `GET /v2/` with its API version header (registry/2.0). */
async function probeRegistry(url: string): Promise<void> {
  const response = await fetch(new URL('/v2/', url), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  const version = response.headers.get('docker-distribution-api-version');
  if (response.status !== 200 || version !== 'registry/2.0') {
    throw new Error(`GET /v2/ answered ${response.status} with API version ${String(version)}`);
  }
}

export const HALFSTACK_PROBES: Readonly<Record<HalfstackService, Probe>> = {
  postgres: probePostgres,
  redis: probeRedis,
  etcd: probeEtcd,
  docker: probeDocker,
  registry: probeRegistry,
};
