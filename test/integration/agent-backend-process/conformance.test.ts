import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type AgentBackend } from '@tessera/core';
import {
  describeAgentBackendConformance,
  PYTHON_RUNNER_CODE,
  type AgentBackendUnderTest,
} from '@tessera/core/testing';
import { ProcessBackend, type ProcessBackendSettings } from '@tessera/agent-backend-process';
import { runConformanceSuite } from '../../support/run-conformance-suite';
import { kernelRemains } from './kernel-remains';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shipped = require('@tessera/agent-backend-process/package.json') as {
  tessera: { configSchema: { properties: { images: { default: ProcessBackendSettings['images'] } } } };
};

/**
 * The process backend with its shipped image catalog (python:3 on the host's python3).
 *
 * `reopen` simulates the agent's death by kill -9 in this process: the old instance abandons its
 * kernels (`abandonKernels`: the pipes to the runners close without an `exit` and nothing is
 * signalled or removed, so each runner reads the end of its input and exits by itself, and what
 * user code started stays), and a new instance is made on the same scratch root. What it does not
 * cover: the runners stay children of this test process (after a real -9 they are re-parented to
 * init), and the old instance's objects live on in memory (it is not used again).
 */
function underTest(wrap: (backend: ProcessBackend) => AgentBackend = (b) => b): AgentBackendUnderTest {
  const workRoot = mkdtempSync(join(tmpdir(), 'tessera-conformance-'));
  const instances: ProcessBackend[] = [];
  const open = (): ProcessBackend => {
    const backend = new ProcessBackend(
      {
        images: shipped.tessera.configSchema.properties.images.default,
        workRoot,
        readyTimeout: 10,
        exitGracePeriod: 1,
        terminateGracePeriod: 1,
        keepScratch: false,
      },
      createLogger({ level: 'silent' }),
    );
    instances.push(backend);
    return backend;
  };
  let current = open();
  return {
    backend: wrap(current),
    image: 'python:3',
    code: PYTHON_RUNNER_CODE,
    bootstrapEchoes: true,
    measures: ['cpuUsedMs', 'memBytes'],
    reopen: async () => {
      current.abandonKernels();
      current = open();
      return wrap(current);
    },
    remainsOf: async (kernel) => kernelRemains(workRoot, kernel.kernelId),
    close: async () => {
      for (const backend of instances) await backend.destroyAll('test-finished');
      // Whatever an abandoned instance left that no test recovered.
      await open().recoverKernels();
      rmSync(workRoot, { recursive: true, force: true });
    },
  };
}

describeAgentBackendConformance('process (python3 on the host)', () => underTest());

/** The process backend with one method replaced. */
function withOverrides(inner: ProcessBackend, overrides: Partial<AgentBackend>): AgentBackend {
  return {
    name: inner.name,
    capabilities: () => inner.capabilities(),
    scanImages: () => inner.scanImages(),
    createKernel: (spec, extra) => inner.createKernel(spec, extra),
    destroyKernel: (kernelId, reason) => inner.destroyKernel(kernelId, reason),
    recoverKernels: () => inner.recoverKernels(),
    kernelLogs: (kernelId) => inner.kernelLogs(kernelId),
    measureKernels: (kernelIds) => inner.measureKernels(kernelIds),
    ...overrides,
  };
}

describe('the agent-backend/v2 conformance suite catches broken backends', function () {
  this.timeout(180_000);

  it("fails a backend that drops the accelerators' environment", async () => {
    const outcome = await runConformanceSuite(() =>
      describeAgentBackendConformance('drops extra.environ', () =>
        underTest((inner) =>
          withOverrides(inner, {
            createKernel: (spec, extra) => inner.createKernel(spec, { ...extra, environ: {} }),
          }),
        ),
      ),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      "gives the kernel the spec's environment and the accelerators' environment",
    ]);
  });

  it('fails a backend that throws when asked to destroy a kernel it does not have', async () => {
    const outcome = await runConformanceSuite(() =>
      describeAgentBackendConformance('destroy not idempotent', () =>
        underTest((inner) => {
          const live = new Set<string>();
          return withOverrides(inner, {
            createKernel: async (spec, extra) => {
              const kernel = await inner.createKernel(spec, extra);
              live.add(kernel.kernelId);
              return kernel;
            },
            destroyKernel: async (kernelId, reason) => {
              if (!live.delete(kernelId)) throw new Error(`no kernel ${kernelId}`);
              return inner.destroyKernel(kernelId, reason);
            },
          });
        }),
      ),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'destroying is idempotent: again, at once, and for a kernel it never had',
      'refuses an image it does not have, and leaves nothing behind under that kernel id',
    ]);
  });

  it("fails a backend that leaves an earlier process's kernels running after a restart", async () => {
    const outcome = await runConformanceSuite(() =>
      describeAgentBackendConformance('no clean-up on recovery', () =>
        underTest((inner) => withOverrides(inner, { recoverKernels: async () => [] })),
      ),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'after the agent was killed and restarted, recovers its kernels with their state, or leaves nothing of them',
    ]);
  });

  it('fails a backend whose measures leave out the CPU time it promised', async () => {
    const outcome = await runConformanceSuite(() =>
      describeAgentBackendConformance('no cpu measure', () =>
        underTest((inner) =>
          withOverrides(inner, {
            measureKernels: async (kernelIds) => {
              const measures = await inner.measureKernels(kernelIds);
              for (const entry of Object.values(measures)) delete entry.cpuUsedMs;
              return measures;
            },
          }),
        ),
      ),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'measures a running kernel that used CPU, and leaves out kernels it does not know',
    ]);
  });
});
