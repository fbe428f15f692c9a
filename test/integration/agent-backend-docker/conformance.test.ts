import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeAgentBackendConformance, PYTHON_RUNNER_CODE } from '@tessera/core/testing';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { DockerTestBench, PYTHON_IMAGE } from './docker-test-support';

describeAgentBackendConformance(`docker (${PYTHON_IMAGE})`, async () => {
  const bench = await DockerTestBench.open([31000, 31099]);
  let current: DockerBackend = bench.backend();
  return {
    backend: current,
    image: PYTHON_IMAGE,
    code: PYTHON_RUNNER_CODE,
    // An agent killed with -9 destroys nothing; the system closes its connections (close() does
    // just that, and ends its exit watches). The new instance has the same config and state.
    reopen: async () => {
      current.close();
      current = bench.backend();
      return current;
    },
    remainsOf: async (kernel) => {
      const remains = (await bench.containers())
        .filter((c) => c.Labels['ai.backend.kernel-id'] === kernel.kernelId)
        .map((c) => `container ${c.Id} (${c.State})`);
      const scratch = join(bench.scratchRoot, kernel.kernelId);
      return existsSync(scratch) ? [...remains, `scratch directory ${scratch}`] : remains;
    },
    bootstrapEchoes: true,
    measures: ['cpuUsedMs', 'cpuLimit', 'memBytes', 'memLimitBytes', 'netRxBytes', 'netTxBytes'],
    service: {
      name: 'jupyter',
      async check(kernel) {
        const jupyter = kernel.servicePorts.find((p) => p.name === 'jupyter')!;
        const response = await fetch(`http://${kernel.kernelHost}:${jupyter.hostPorts[0]}/api`);
        assert.equal(response.status, 200);
        assert.ok('version' in ((await response.json()) as object));
      },
    },
    close: () => bench.cleanUp(),
  };
});
