/**
 * Benchmark for agents on Docker (issue: agents on Docker). Prints JSON, in the same run and on the
 * same image (tessera/python from `scripts/images build`):
 * - a session's create call until it is RUNNING (the REST API, the docker backend, the kernel
 *   runner ready), beside `docker run -d` of the same image until its process is up (it printed),
 *   and beside the same with a bridge network of its own created first (what a multi-kernel
 *   session gets, and a single-kernel one on an engine whose default bridge lets containers talk
 *   to each other: the `engine` field of the output says which case was measured);
 * - a query-mode `print(1)` round trip through the REST execute API, beside `docker exec` of the
 *   same code in a running container.
 * p50 and p99 of each, and the ratios against the goals (create within 1.3x of docker run; execute
 * at most a quarter of docker exec). The deployment is the all-in-one (embedded state) with the
 * docker backend in place of the process backend, started with `tessera up`; traffic stays on
 * loopback and the Docker engine's local socket. Usage: npm run bench:agent-docker [-- --runs N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { Client } from '@tessera/client';
import { freePort } from './free-port';
import { quantile } from './quantile';
import { runBenchmark } from './run-benchmark';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const IMAGE = 'tessera/python:3.11-debian12';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 10) || 10;
const execRuns = runs * 5;

function summary(values: number[]): { p50: number; p99: number; runs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (q: number) => Math.round(quantile(sorted, q) * 10) / 10;
  return { p50: ms(0.5), p99: ms(0.99), runs: values.length };
}

/** Runs a command to completion; rejects on a non-zero exit. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(stdout) : fail(new Error(`${command} ${args.join(' ')}: ${code}: ${stderr}`)),
    );
  });
}

/** The all-in-one manifest with the docker backend in place of the process backend. */
function dockerAllInOne(dir: string): string {
  const manifest = readFileSync(join(ROOT, 'manifests', 'all-in-one.yaml'), 'utf8')
    .replace("'@tessera/agent-backend-process'", "'@tessera/agent-backend-docker'")
    .replace('agent-backend: process', 'agent-backend: docker');
  if (!manifest.includes('agent-backend-docker')) throw new Error('all-in-one.yaml changed shape');
  const file = join(dir, 'all-in-one-docker.yaml');
  writeFileSync(file, manifest);
  return file;
}

async function up(manifest: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'up', manifest], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!stderr.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null) throw new Error(`tessera up exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`tessera up did not come up: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

/**
 * `docker run -d` of the image until its process printed that it is up (read from its logs); with
 * `network`, a bridge network of its own is created first and the container joins it (what the
 * docker backend does for every session, so kernels of different sessions cannot reach each other).
 */
async function dockerRunUntilUp(docker: Docker, name: string, network?: string): Promise<number> {
  const started = performance.now();
  if (network) await run('docker', ['network', 'create', network]);
  const id = (
    await run('docker', [
      'run',
      '-d',
      ...(network ? ['--network', network] : []),
      '--name',
      name,
      '--memory',
      '256m',
      '--cpus',
      '1',
      IMAGE,
      '/usr/bin/python3',
      '-c',
      'import time; print("up", flush=True); time.sleep(600)',
    ])
  ).trim();
  const container = docker.getContainer(id);
  for (let attempt = 0; attempt < 2000; attempt++) {
    const logs = (await container.logs({ stdout: true, stderr: true })).toString();
    if (logs.includes('up')) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`${name} did not print within the bound`);
}

async function main(): Promise<void> {
  const docker = new Docker();
  await docker
    .getImage(IMAGE)
    .inspect()
    .catch(() => {
      throw new Error(`${IMAGE} is missing: run scripts/images build first (docs/images.md)`);
    });
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-docker-'));
  const port = await freePort();
  const env = {
    ...process.env,
    TESSERA_DATA_DIR: join(dir, 'var'),
    TESSERA_MANAGER_PORT: String(port),
    TESSERA_LOG_LEVEL: 'warn',
    BACKEND_ENDPOINT: `http://127.0.0.1:${port}`,
    BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
    BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };
  const tag = randomBytes(3).toString('hex');
  const referenceNames: string[] = [];
  let daemon: ChildProcess | undefined;
  try {
    daemon = await up(dockerAllInOne(dir), env);
    const client = Client.fromEnv(env as Record<string, string>);

    // One unmeasured round of each, so the page cache holds the image and the runner.
    const warm = await client.createSession({
      image: IMAGE,
      name: `warm-${tag}`,
      resources: { cpu: '1', mem: '256m' },
    });
    await client.destroySession(warm.sessionId!);
    referenceNames.push(`bench-warm-${tag}`);
    await dockerRunUntilUp(docker, `bench-warm-${tag}`);

    const tesseraCreate: number[] = [];
    const dockerRun: number[] = [];
    const dockerRunOwnNetwork: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const created = await client.createSession({
        image: IMAGE,
        name: `bench-${tag}-${i}`,
        resources: { cpu: '1', mem: '256m' },
      });
      if (created.status !== 'RUNNING') throw new Error(`session ${i} is ${created.status}`);
      tesseraCreate.push(performance.now() - started);
      await client.destroySession(created.sessionId!);
      const name = `bench-ref-${tag}-${i}`;
      referenceNames.push(name);
      dockerRun.push(await dockerRunUntilUp(docker, name));
      await run('docker', ['rm', '-f', name]);
      const isolated = `bench-net-${tag}-${i}`;
      referenceNames.push(isolated);
      dockerRunOwnNetwork.push(await dockerRunUntilUp(docker, isolated, isolated));
      await run('docker', ['rm', '-f', isolated]);
      await run('docker', ['network', 'rm', isolated]);
    }

    // Execute: one session kept for the REST round trips, one plain container for docker exec.
    const kept = await client.createSession({
      image: IMAGE,
      name: `exec-${tag}`,
      resources: { cpu: '1', mem: '256m' },
    });
    const execName = `bench-exec-${tag}`;
    referenceNames.push(execName);
    await dockerRunUntilUp(docker, execName);
    const tesseraExec: number[] = [];
    const dockerExec: number[] = [];
    for (let i = 0; i < execRuns; i++) {
      const started = performance.now();
      const result = await client.execute(kept.sessionId!, {
        mode: 'query',
        runId: `r${i}`,
        code: 'print(1)',
      });
      if (result.status !== 'finished' || JSON.stringify(result.console) !== '[["stdout","1\\n"]]') {
        throw new Error(`unexpected execute result ${JSON.stringify(result)}`);
      }
      tesseraExec.push(performance.now() - started);
      const before = performance.now();
      const out = await run('docker', ['exec', execName, '/usr/bin/python3', '-c', 'print(1)']);
      if (out !== '1\n') throw new Error(`docker exec printed ${JSON.stringify(out)}`);
      dockerExec.push(performance.now() - before);
    }
    await client.destroySession(kept.sessionId!);

    const bridge = await docker.getNetwork('bridge').inspect();
    const defaultBridgeIsolated = bridge.Options?.['com.docker.network.bridge.enable_icc'] === 'false';
    const create = {
      tessera: summary(tesseraCreate),
      dockerRun: summary(dockerRun),
      dockerRunOwnNetwork: summary(dockerRunOwnNetwork),
    };
    const execute = { tessera: summary(tesseraExec), dockerExec: summary(dockerExec) };
    const createRatio = create.tessera.p50 / create.dockerRun.p50;
    const executeRatio = execute.tessera.p50 / execute.dockerExec.p50;
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'agent-docker',
          image: IMAGE,
          unit: 'ms',
          engine: {
            defaultBridgeIsolated,
            singleKernelSessionsOn: defaultBridgeIsolated ? 'default bridge' : 'a network of their own',
          },
          createToRunning: {
            ...create,
            ratioP50: Math.round(createRatio * 100) / 100,
            ratioP50ToDockerRunOwnNetwork:
              Math.round((create.tessera.p50 / create.dockerRunOwnNetwork.p50) * 100) / 100,
          },
          queryPrintRoundTrip: { ...execute, ratioP50: Math.round(executeRatio * 100) / 100 },
          goals: {
            createWithin1_3xOfDockerRun: createRatio <= 1.3,
            executeAtMostAQuarterOfDockerExec: executeRatio <= 0.25,
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    for (const name of referenceNames) {
      await run('docker', ['rm', '-f', name]).catch(() => undefined);
      await run('docker', ['network', 'rm', name]).catch(() => undefined);
    }
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark('agent-docker', main);
