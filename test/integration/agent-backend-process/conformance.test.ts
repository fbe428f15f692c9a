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

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shipped = require('@tessera/agent-backend-process/package.json') as {
  tessera: { configSchema: { properties: { images: { default: ProcessBackendSettings['images'] } } } };
};

/** The process backend with its shipped image catalog (python:3 on the host's python3). */
function processBackend(): { backend: ProcessBackend; close(): Promise<void> } {
  const workRoot = mkdtempSync(join(tmpdir(), 'tessera-conformance-'));
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
  return {
    backend,
    close: async () => {
      await backend.destroyAll('test-finished');
      rmSync(workRoot, { recursive: true, force: true });
    },
  };
}

function underTest(wrap: (backend: ProcessBackend) => AgentBackend = (b) => b): AgentBackendUnderTest {
  const { backend, close } = processBackend();
  return { backend: wrap(backend), image: 'python:3', code: PYTHON_RUNNER_CODE, close };
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
  this.timeout(120_000);

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
});
