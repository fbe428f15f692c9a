import { expect } from 'chai';
import type { KernelCreationSpec } from '@tessera/core';
import { kernelEnvironment, parseServicePorts } from '@tessera/agent-backend-docker';

type Inputs = Parameters<typeof kernelEnvironment>[1];

function spec(overrides: Partial<KernelCreationSpec> = {}): KernelCreationSpec {
  return {
    kernelId: 'k-1',
    sessionId: 's-1',
    sessionName: 'my-session',
    sessionType: 'interactive',
    image: 'tessera/python:3.11-debian12',
    architecture: 'x86_64',
    resourceSlots: { cpu: '2', mem: '268435456' },
    environ: {},
    cluster: { mode: 'single-node', size: 3, role: 'sub', idx: 2, localRank: 2, hostname: 'sub2' },
    ownerAccessKey: 'AKIAIOSFODNN7EXAMPLE',
    ownerUserId: 'u-1',
    ...overrides,
  };
}

function inputs(overrides: Partial<Inputs> = {}): Inputs {
  return {
    kernelUid: 1000,
    kernelGid: 1000,
    coreCount: 2,
    servicePorts: [],
    hasBootstrapScript: false,
    acceleratorEnviron: {},
    ...overrides,
  };
}

describe('docker backend: kernel environment', () => {
  it("sets Backend.AI's identity, session and cluster variables", () => {
    expect(kernelEnvironment(spec(), inputs())).to.deep.equal({
      HOME: '/home/work',
      LOCAL_USER_ID: '1000',
      LOCAL_GROUP_ID: '1000',
      BACKENDAI_SESSION_ID: 's-1',
      BACKENDAI_SESSION_NAME: 'my-session',
      BACKENDAI_KERNEL_ID: 'k-1',
      BACKENDAI_KERNEL_IMAGE: 'tessera/python:3.11-debian12',
      BACKENDAI_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
      BACKENDAI_USER_UUID: 'u-1',
      BACKENDAI_CLUSTER_MODE: 'single-node',
      BACKENDAI_CLUSTER_SIZE: '3',
      BACKENDAI_CLUSTER_HOSTS: 'main1,sub1,sub2',
      BACKENDAI_CLUSTER_REPLICAS: 'main:1,sub:2',
      BACKENDAI_CLUSTER_HOST: 'sub2',
      BACKENDAI_CLUSTER_IDX: '2',
      BACKENDAI_CLUSTER_ROLE: 'sub',
      BACKENDAI_CLUSTER_LOCAL_RANK: '2',
    });
  });

  it("keeps the user's variables but not over Backend.AI's; the accelerators' come last", () => {
    const env = kernelEnvironment(
      spec({ environ: { MINE: 'x', BACKENDAI_KERNEL_ID: 'forged', HOME: '/root' } }),
      inputs({ acceleratorEnviron: { CUDA_VISIBLE_DEVICES: '0' } }),
    );
    expect(env).to.include({
      MINE: 'x',
      BACKENDAI_KERNEL_ID: 'k-1',
      HOME: '/home/work',
      CUDA_VISIBLE_DEVICES: '0',
    });
  });

  it('adds the runtime path, the bootstrap script, the service ports and the core-count variables', () => {
    const env = kernelEnvironment(
      spec(),
      inputs({
        runtimePath: '/usr/bin/python3',
        hasBootstrapScript: true,
        servicePorts: parseServicePorts('jupyter:http:8090,mpi:tcp:[9000,9001]'),
        coreCountEnvs: 'OPENBLAS_NUM_THREADS, OMP_NUM_THREADS,NPROC',
      }),
    );
    expect(env).to.include({
      BACKENDAI_RUNTIME_PATH: '/usr/bin/python3',
      TESSERA_BOOTSTRAP_SCRIPT: '/home/config/bootstrap.sh',
      BACKENDAI_SERVICE_PORTS: 'jupyter:http:8090,mpi:tcp:[9000,9001]',
      OPENBLAS_NUM_THREADS: '2',
      OMP_NUM_THREADS: '2',
      NPROC: '2',
    });
  });
});
