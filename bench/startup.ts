/**
 * Benchmark for the walking skeleton (issue: the plugin kernel). Prints JSON:
 * - time from launching the all-in-one to the first answered `GET /`, beside a bare Node HTTP
 *   server's time to its first answer;
 * - resident memory of the idle all-in-one, beside the bare Node server's;
 * - the `tessera run --rm` hello round trip, beside a bare `python3 -c` of the same code.
 * Everything runs on loopback, with bounded loops. Usage: npm run bench [-- --runs N]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { runBenchmark } from './run-benchmark';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const CODE = 'print("hello from tessera")';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 10) || 10;

async function waitForAnswer(url: string, child: ChildProcess, limitMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      if (response.ok) {
        await response.text();
        return performance.now();
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer within ${limitMs} ms`);
}

function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  return Math.round((kb / 1024) * 10) / 10;
}

function stats(samples: number[]): { median: number; p90: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    median: round(at(0.5)),
    p90: round(at(0.9)),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function bareNodeServer(): Promise<{ readyMs: number; idleRssMb: number }> {
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('{"version":"bare"}')).listen(${port}, '127.0.0.1')`;
  const launched = performance.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const answered = await waitForAnswer(`http://127.0.0.1:${port}/`, child, 10_000);
  await new Promise((r) => setTimeout(r, 2000));
  const idleRssMb = residentMegabytes(child.pid!);
  await stopChild(child);
  return { readyMs: Math.round(answered - launched), idleRssMb };
}

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv, expect: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 60_000 });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || !result.stdout.includes(expect)) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  }
  return elapsed;
}

async function main(): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const env = {
    ...process.env,
    TESSERA_MANAGER_PORT: String(port),
    TESSERA_DATA_DIR: dataDir,
    TESSERA_LOG_LEVEL: 'warn',
  };
  const bare = await bareNodeServer();

  const launched = performance.now();
  const tessera = spawn(process.execPath, [CLI, 'up', join(ROOT, 'manifests', 'all-in-one.yaml')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const answered = await waitForAnswer(`http://127.0.0.1:${port}/`, tessera, 60_000);
    const readyMs = Math.round(answered - launched);
    await new Promise((r) => setTimeout(r, 2000));
    const idleRssMb = residentMegabytes(tessera.pid!);

    const clientEnv = {
      ...process.env,
      BACKEND_ENDPOINT: `http://127.0.0.1:${port}`,
      BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
      BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    timeCommand(
      process.execPath,
      [CLI, 'run', '--rm', '-c', CODE, 'python:3'],
      clientEnv,
      'hello from tessera',
    ); // warm-up
    const roundTrips: number[] = [];
    const bareRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      roundTrips.push(
        timeCommand(
          process.execPath,
          [CLI, 'run', '--rm', '-c', CODE, 'python:3'],
          clientEnv,
          'hello from tessera',
        ),
      );
      bareRuns.push(timeCommand('python3', ['-c', CODE], process.env, 'hello from tessera'));
    }
    const trip = stats(roundTrips);
    const reference = stats(bareRuns);
    const report = {
      benchmark: 'walking-skeleton',
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      startup: {
        tesseraReadyMs: readyMs,
        bareNodeServerReadyMs: bare.readyMs,
        ratio: Math.round((readyMs / bare.readyMs) * 10) / 10,
        goalMs: 3000,
        meetsGoal: readyMs < 3000,
      },
      idleMemory: {
        tesseraRssMb: idleRssMb,
        bareNodeServerRssMb: bare.idleRssMb,
        ratio: Math.round((idleRssMb / bare.idleRssMb) * 10) / 10,
        goalMb: 300,
        meetsGoal: idleRssMb < 300,
      },
      helloRoundTrip: {
        runs,
        tesseraRunMs: trip,
        barePython3Ms: reference,
        medianRatio: Math.round((trip.median / reference.median) * 10) / 10,
        note: 'tessera run includes the CLI process start, signed REST calls, scheduling, kernel start, execution and termination',
      },
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } finally {
    await stopChild(tessera);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBenchmark('startup', main);
