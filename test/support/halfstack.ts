import { join } from 'node:path';
import {
  findRepoRoot,
  HalfstackAddresses,
  HalfstackService,
  readHalfstackAddresses,
} from './halfstack-addresses';
import { HALFSTACK_PROBES } from './halfstack-probes';
import { runCommand } from './run-command';

export { HALFSTACK_SERVICES, HalfstackAddresses, HalfstackService } from './halfstack-addresses';

/**
 * How long a `before` hook that calls {@link requireServices} should allow: on a fresh machine `scripts/halfstack up`
 * installs packages before it starts the servers.
 */
export const HALFSTACK_UP_TIMEOUT_MS = 10 * 60_000;

export interface ServiceFailure {
  service: HalfstackService;
  address: string;
  reason: string;
}

/** A service a test requires does not answer, even after `scripts/halfstack up`. */
export class HalfstackUnavailableError extends Error {
  constructor(
    readonly failures: readonly ServiceFailure[],
    upOutput: string,
  ) {
    const lines = failures.map((failure) => `  ${failure.service} at ${failure.address}: ${failure.reason}`);
    const tail = upOutput.trim() ? `\nscripts/halfstack up said:\n${upOutput.trim()}` : '';
    super(`halfstack services not answering (see docs/halfstack.md):\n${lines.join('\n')}${tail}`);
    this.name = 'HalfstackUnavailableError';
  }
}

/** One `scripts/halfstack up` per service per test process, whatever the number of suites asking. */
const upRuns = new Map<HalfstackService, Promise<string>>();

async function findFailures(
  services: readonly HalfstackService[],
  addresses: HalfstackAddresses,
): Promise<ServiceFailure[]> {
  const outcomes = await Promise.all(
    services.map(async (service): Promise<ServiceFailure | undefined> => {
      try {
        await HALFSTACK_PROBES[service](addresses[service]);
        return undefined;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { service, address: addresses[service], reason };
      }
    }),
  );
  return outcomes.filter((outcome): outcome is ServiceFailure => outcome !== undefined);
}

async function runHalfstackUp(repoRoot: string, services: readonly HalfstackService[]): Promise<string> {
  const script = join(repoRoot, 'scripts', 'halfstack');
  try {
    const { stdout, stderr } = await runCommand(script, ['up', ...services], {
      timeoutMs: HALFSTACK_UP_TIMEOUT_MS - 30_000,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function startUp(repoRoot: string, services: readonly HalfstackService[]): Promise<string[]> {
  const fresh = services.filter((service) => !upRuns.has(service));
  if (fresh.length > 0) {
    const run = runHalfstackUp(repoRoot, fresh);
    for (const service of fresh) {
      upRuns.set(service, run);
    }
  }
  return Promise.all(services.map((service) => upRuns.get(service) as Promise<string>));
}

/**
 * Checks that each service really answers, through its own client (`psql`, `redis-cli`, `etcdctl`, `docker`).
 * When one does not, runs `scripts/halfstack up` for those (once per process) and checks again. Throws
 * {@link HalfstackUnavailableError}, naming each service and its address, if any still does not answer: an
 * integration test fails rather than skips. Resolves with the addresses of the services asked for.
 */
export async function requireServices<S extends HalfstackService>(
  services: readonly S[],
): Promise<Pick<HalfstackAddresses, S>> {
  const repoRoot = findRepoRoot();
  const before = await findFailures(services, readHalfstackAddresses(repoRoot));
  if (before.length === 0) {
    return readHalfstackAddresses(repoRoot);
  }
  const upOutputs = await startUp(
    repoRoot,
    before.map((failure) => failure.service),
  );
  const addresses = readHalfstackAddresses(repoRoot);
  const after = await findFailures(services, addresses);
  if (after.length > 0) {
    throw new HalfstackUnavailableError(after, [...new Set(upOutputs)].join('\n'));
  }
  return addresses;
}
