import { expect } from 'chai';
import type { KernelCreationSpec } from '@tessera/core';
import { kernelEnvironment } from '@tessera/agent-backend-process';

function spec(overrides: Partial<KernelCreationSpec> = {}): KernelCreationSpec {
  return {
    kernelId: 'k-1',
    sessionId: 's-1',
    sessionName: 'my-session',
    sessionType: 'interactive',
    image: 'python:3',
    architecture: 'x86_64',
    resourceSlots: { cpu: '1', mem: '268435456' },
    environ: {},
    cluster: { mode: 'single-node', size: 1, role: 'main', idx: 1, localRank: 0, hostname: 'main1' },
    ownerAccessKey: 'AKIAIOSFODNN7EXAMPLE',
    ownerUserId: 'u-1',
    ...overrides,
  };
}

describe('process backend: kernel environment', () => {
  it("sets Backend.AI's session, kernel and cluster variables", () => {
    const env = kernelEnvironment(spec(), '/scratch/k-1/work', {});
    expect(env).to.include({
      BACKENDAI_SESSION_ID: 's-1',
      BACKENDAI_SESSION_NAME: 'my-session',
      BACKENDAI_KERNEL_ID: 'k-1',
      BACKENDAI_KERNEL_IMAGE: 'python:3',
      BACKENDAI_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
      BACKENDAI_CLUSTER_SIZE: '1',
      BACKENDAI_CLUSTER_HOSTS: 'main1',
      BACKENDAI_CLUSTER_REPLICAS: 'main:1',
      BACKENDAI_CLUSTER_HOST: 'main1',
      BACKENDAI_CLUSTER_IDX: '1',
      BACKENDAI_CLUSTER_ROLE: 'main',
      BACKENDAI_CLUSTER_LOCAL_RANK: '0',
      HOME: '/scratch/k-1/work',
      LANG: 'C.UTF-8',
    });
  });

  it('names the hosts of a cluster main1, sub1..subN', () => {
    const cluster = {
      mode: 'single-node' as const,
      size: 4,
      role: 'sub',
      idx: 2,
      localRank: 2,
      hostname: 'sub2',
    };
    expect(kernelEnvironment(spec({ cluster }), '/w', {})).to.include({
      BACKENDAI_CLUSTER_HOSTS: 'main1,sub1,sub2,sub3',
      BACKENDAI_CLUSTER_REPLICAS: 'main:1,sub:3',
      BACKENDAI_CLUSTER_HOST: 'sub2',
      BACKENDAI_CLUSTER_IDX: '2',
      BACKENDAI_CLUSTER_LOCAL_RANK: '2',
    });
  });

  it('passes user variables but never lets them override Backend.AI ones, and adds the accelerators', () => {
    const env = kernelEnvironment(
      spec({ environ: { MY_FLAG: 'on', BACKENDAI_KERNEL_ID: 'spoofed' } }),
      '/w',
      { BACKENDAI_MOCK_CUDA_DEVICES: 'gpu-0' },
    );
    expect(env).to.include({
      MY_FLAG: 'on',
      BACKENDAI_KERNEL_ID: 'k-1',
      BACKENDAI_MOCK_CUDA_DEVICES: 'gpu-0',
    });
  });

  it("does not leak the agent's own environment into kernels", () => {
    process.env.TESSERA_TEST_SECRET = 'do-not-leak';
    try {
      expect(kernelEnvironment(spec(), '/w', {})).to.not.have.property('TESSERA_TEST_SECRET');
    } finally {
      delete process.env.TESSERA_TEST_SECRET;
    }
  });
});
