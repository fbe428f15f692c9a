import { expect } from 'chai';
import { kernelCreationSpecs } from '@tessera/sokovan';
import { pendingSession } from '../schedulers/scheduling-fixtures';

describe('sokovan: kernel creation specs', () => {
  it('describes a size-1 cluster in BACKENDAI_* variables, keeping the user environment', () => {
    const session = pendingSession({
      id: '0b6e0c1e-7a53-4d3b-9d55-1f8f9f5b3a01',
      name: 'my-session',
      environ: { MYCONFIG: 'XXX' },
      startupCommand: 'echo hi',
      kernels: [
        {
          id: '0b6e0c1e-7a53-4d3b-9d55-1f8f9f5b3a01',
          sessionId: '0b6e0c1e-7a53-4d3b-9d55-1f8f9f5b3a01',
          clusterRole: 'main',
          clusterIdx: 1,
          clusterHostname: 'main1',
          localRank: 0,
          image: 'python:3.12',
          architecture: 'x86_64',
          status: 'SCHEDULED',
          statusInfo: null,
          statusChanged: new Date(),
          agentId: null,
          agentAddress: null,
          containerId: null,
          requestedSlots: { cpu: '1', mem: '1073741824' },
          occupiedSlots: {},
          deviceAllocation: {},
          servicePorts: [],
          exitCode: null,
        },
      ],
    });
    const [spec, ...rest] = kernelCreationSpecs(session, [
      { kernelId: session.id, agentId: 'agent-1', slots: { cpu: '1', mem: '1073741824' } },
    ]);
    expect(rest).to.have.length(0);
    expect(spec!.cluster).to.deep.equal({
      mode: 'single-node',
      size: 1,
      role: 'main',
      idx: 1,
      localRank: 0,
      hostname: 'main1',
    });
    expect(spec!.resourceSlots).to.deep.equal({ cpu: '1', mem: '1073741824' });
    expect(spec!.startupCommand).to.equal('echo hi');
    expect(spec!.environ).to.deep.include({
      MYCONFIG: 'XXX',
      BACKENDAI_SESSION_ID: session.id,
      BACKENDAI_SESSION_NAME: 'my-session',
      BACKENDAI_KERNEL_ID: session.id,
      BACKENDAI_CLUSTER_SIZE: '1',
      BACKENDAI_CLUSTER_REPLICAS: 'main:1',
      BACKENDAI_CLUSTER_HOSTS: 'main1',
      BACKENDAI_CLUSTER_HOST: 'main1',
      BACKENDAI_CLUSTER_ROLE: 'main',
      BACKENDAI_CLUSTER_IDX: '1',
      BACKENDAI_CLUSTER_LOCAL_RANK: '0',
      BACKENDAI_CLUSTER_MODE: 'single-node',
    });
  });
});
