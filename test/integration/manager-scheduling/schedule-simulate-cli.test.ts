import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/plugin-sandbox';

const CLI = join(REPO_ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const MANIFEST = join(REPO_ROOT, 'test', 'fixtures', 'scheduling', 'simulation-manifest.yaml');
const WORKLOAD = join(REPO_ROOT, 'test', 'fixtures', 'scheduling', 'workload-example.yaml');

function tessera(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        encoding: 'utf8',
        timeout: 30_000,
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('scheduling: tessera schedule simulate (the built CLI)', function () {
  this.timeout(60_000);

  it("prints where each session of the example workload went, with the manifest's default policy", async () => {
    const run = await tessera(['schedule', 'simulate', '--manifest', MANIFEST, '--workload', WORKLOAD]);
    expect(run.status, run.stderr).to.equal(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).to.match(/^SESSION\s+PRIORITY\s+SUBMITTED\s+STARTED\s+WAITED\s+AGENTS\s+STATE\s+WHY$/);
    expect(lines.some((line) => /^nlp-pretrain\s+10\s+1m\s+/.test(line))).to.equal(true);
    // CPU-only sessions go to the CPU agents, not to a GPU agent whose GPUs happen to be busy.
    expect(lines.find((line) => line.startsWith('nlp-prep '))).to.match(/\scpu-1\s/);
    expect(run.stdout).to.match(/fifo \+ concentrated on resource group default: \d+ of 13 sessions placed/);
  });

  it('answers JSON with another scheduler and selector of the manifest, for comparison', async () => {
    const run = await tessera([
      'schedule',
      'simulate',
      '--manifest',
      MANIFEST,
      '--workload',
      WORKLOAD,
      '--scheduler',
      'drf',
      '--agent-selector',
      'dispersed',
      '--json',
    ]);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as {
      scheduler: string;
      agentSelector: string;
      sessions: unknown[];
    };
    expect(report).to.deep.include({ scheduler: 'drf', agentSelector: 'dispersed' });
    expect(report.sessions).to.have.length(13);
  });

  it('names a scheduler the manifest does not load, and a workload field that is wrong', async () => {
    const unknown = await tessera([
      'schedule',
      'simulate',
      '--manifest',
      join(REPO_ROOT, 'manifests', 'all-in-one.yaml'),
      '--workload',
      WORKLOAD,
      '--scheduler',
      'drf',
    ]);
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.include('no scheduler named "drf" is registered (registered: fifo)');
    const bad = await tessera(['schedule', 'simulate', '--manifest', MANIFEST, '--workload', MANIFEST]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(
      /simulation-manifest\.yaml: \/: must have required property 'agents' \[fixture-invalid\]/,
    );
  });

  it('stops quietly when its reader has closed the pipe (tessera ... | head)', async () => {
    const child = spawn(process.execPath, [CLI, 'schedule', 'simulate', '--help'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // every write the command makes now fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).to.equal('');
    expect(status).to.equal(0);
  });
});
