/**
 * Benchmark of the user API (issue: CLI and SDK for the user API). Prints JSON, in one run:
 * (a) signed `GET /session/:id` through @tessera/client at 32 concurrent clients for a few
 *     seconds: requests per second, p50 and p99, beside a raw Node `http` server (its own process,
 *     like the manager) answering the same path with a body of the same size to the same client;
 *     goal: at least half the raw server's rate;
 * (b) a query-mode `print(1)` on a RUNNING session of the process backend, through REST
 *     (`POST /session/:id`) and through the execute WebSocket (`/stream/session/:id/execute`, one
 *     socket per run, handshake included): p50 and p99; goal: under 10 ms.
 * The deployment is the all-in-one manifest (embedded state, process backend) started with
 * `tessera up` on a free loopback port. Every loop is bounded (time and count).
 * Each load is measured after a second of warm-up under the same load. The example keypair's rate
 * limit is raised for the run, so that a longer one is not refused.
 * Usage: npm run bench:user-api [-- --seconds 3 --runs 200]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiConfig, Client } from '@tessera/client';
import { freePort } from './free-port';
import { numericArgument } from './cli-options';
import { quantile } from './quantile';
import { runBenchmark } from './run-benchmark';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CONCURRENCY = 32;
const MAX_REQUESTS = 500_000;
/** The warm-up before each measured load. */
const WARM_UP_MS = 1000;
/**
 * The example keypair's rate limit during the run: its own 30,000 requests per 15 minutes would
 * refuse a longer run. Requests are still counted, as every signed request is.
 */
const BENCH_RATE_LIMIT = 100_000_000;

const seconds = numericArgument('--seconds', 3, 30);
const runs = numericArgument('--runs', 200, 5000);

function summary(values: number[]): { p50: number; p99: number; runs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (q: number) => Math.round(quantile(sorted, q) * 100) / 100;
  return { p50: ms(0.5), p99: ms(0.99), runs: values.length };
}

/** Spawns a child and waits until its stderr (or stdout) says `ready`; rejects on exit or after 60 s. */
async function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes(ready)) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} was not ready in 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** A plain Node HTTP server in its own process: every GET answers `body` as JSON. */
const RAW_SERVER = `
const http = require('node:http');
const body = Buffer.from(process.env.RAW_BODY);
http.createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
}).listen(Number(process.env.RAW_PORT), '127.0.0.1', () => process.stdout.write('raw ready\\n'));
`;

/** `CONCURRENCY` loops of `call` for `ms` (or `max` calls in all), with the latency of each. */
async function concurrently(call: () => Promise<unknown>, ms: number, max: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  const worker = async (): Promise<void> => {
    while (performance.now() < until && latencies.length < max) {
      const before = performance.now();
      await call();
      latencies.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

/**
 * The measured load: after a warm-up of WARM_UP_MS under the same concurrent load (connections
 * opened, and the server's and the client's code optimised by V8 for it: a few hundred calls one
 * at a time leave most of it unoptimised, and the client would then warm up while measuring the
 * first server, to the second's benefit), `seconds` of it: rate and latencies.
 */
async function load(
  call: () => Promise<unknown>,
): Promise<{ requestsPerSecond: number; p50: number; p99: number; requests: number }> {
  await concurrently(call, WARM_UP_MS, MAX_REQUESTS);
  const started = performance.now();
  const latencies = await concurrently(call, seconds * 1000, MAX_REQUESTS);
  const elapsed = (performance.now() - started) / 1000;
  const { p50, p99 } = summary(latencies);
  return { requestsPerSecond: Math.round(latencies.length / elapsed), p50, p99, requests: latencies.length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-user-api-'));
  const port = await freePort();
  const env = {
    ...process.env,
    TESSERA_DATA_DIR: join(dir, 'var'),
    TESSERA_MANAGER_PORT: String(port),
    TESSERA_LOG_LEVEL: 'warn',
    BACKEND_ENDPOINT: `http://127.0.0.1:${port}`,
    BACKEND_ACCESS_KEY: ACCESS_KEY,
    BACKEND_SECRET_KEY: SECRET_KEY,
  };
  let daemon: ChildProcess | undefined;
  let raw: ChildProcess | undefined;
  try {
    daemon = await spawnUntil(
      [CLI, 'up', join(ROOT, 'manifests', 'all-in-one.yaml')],
      env,
      'Press Ctrl-C to stop.',
    );
    const client = new Client(
      new ApiConfig({ endpoints: [env.BACKEND_ENDPOINT], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
    );
    const raised = await client.admin.keypairs.modify(ACCESS_KEY, { rateLimit: BENCH_RATE_LIMIT });
    if (!raised.ok) throw new Error(`could not raise the keypair's rate limit: ${raised.msg}`);
    const session = await client.createSession({
      image: 'python',
      name: 'bench-user-api',
      resources: { cpu: '1', mem: '256m' },
    });
    if (session.status !== 'RUNNING') throw new Error(`the session is ${session.status}, not RUNNING`);
    const id = session.sessionId ?? session.sessId;

    // (a) signed GET /session/:id beside a raw server answering a body of the same size.
    const body = JSON.stringify(await client.getSession(id));
    const rawPort = await freePort();
    raw = await spawnUntil(
      ['-e', RAW_SERVER],
      { ...process.env, RAW_BODY: body, RAW_PORT: String(rawPort) },
      'raw ready',
    );
    const rawClient = new Client(
      new ApiConfig({
        endpoints: [`http://127.0.0.1:${rawPort}`],
        accessKey: ACCESS_KEY,
        secretKey: SECRET_KEY,
      }),
    );
    const tessera = await load(() => client.getSession(id));
    const rawNode = await load(() => rawClient.getSession(id));

    // (b) execute print(1): REST, then the WebSocket (a new socket per run).
    const expectOne = (console: unknown): void => {
      if (JSON.stringify(console) !== '[["stdout","1\\n"]]')
        throw new Error(`print(1) printed ${JSON.stringify(console)}`);
    };
    const rest: number[] = [];
    const stream: number[] = [];
    for (let i = 0; i < runs + 10; i++) {
      const before = performance.now();
      const result = await client.execute(id, { mode: 'query', runId: `rest-${i}`, code: 'print(1)' });
      if (result.status !== 'finished') throw new Error(`REST execute ended ${result.status}`);
      expectOne(result.console);
      if (i >= 10) rest.push(performance.now() - before);
    }
    for (let i = 0; i < runs + 10; i++) {
      const before = performance.now();
      const socket = await client.streamExecute(id, { mode: 'query', code: 'print(1)' });
      const console: unknown[] = [];
      for await (const result of socket) console.push(...result.console);
      expectOne(console);
      if (i >= 10) stream.push(performance.now() - before);
    }
    await client.destroySession(id);

    const ratio = Math.round((tessera.requestsPerSecond / rawNode.requestsPerSecond) * 100) / 100;
    const execute = { rest: summary(rest), webSocket: summary(stream) };
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'user-api',
          unit: 'ms',
          getSession: {
            concurrency: CONCURRENCY,
            seconds,
            bodyBytes: Buffer.byteLength(body),
            tessera,
            rawNodeHttp: rawNode,
            ratioToRaw: ratio,
          },
          executePrint1: execute,
          goals: {
            getSessionAtLeastHalfOfRaw: ratio >= 0.5,
            restExecuteP50Under10ms: execute.rest.p50 < 10,
            webSocketExecuteP50Under10ms: execute.webSocket.p50 < 10,
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await stop(raw);
    await stop(daemon);
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark('user-api', main);
