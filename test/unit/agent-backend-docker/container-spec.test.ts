import { expect } from 'chai';
import type { KernelCreationSpec } from '@tessera/core';
import { containerCreateOptions, EXEC_KEEP_ALIVE, parseServicePorts } from '@tessera/agent-backend-docker';

type Inputs = Parameters<typeof containerCreateOptions>[1];

function spec(overrides: Partial<KernelCreationSpec> = {}): KernelCreationSpec {
  return {
    kernelId: 'k-1',
    sessionId: 's-1',
    sessionName: 'my-session',
    sessionType: 'interactive',
    image: 'tessera/python:3.11-debian12',
    architecture: 'x86_64',
    resourceSlots: { cpu: '1.5', mem: String(512 * 1024 ** 2) },
    environ: {},
    cluster: { mode: 'single-node', size: 2, role: 'sub', idx: 1, localRank: 1, hostname: 'sub1' },
    ownerAccessKey: 'AKIAIOSFODNN7EXAMPLE',
    ownerUserId: 'u-1',
    ...overrides,
  };
}

function inputs(overrides: Partial<Inputs> = {}): Inputs {
  return {
    scope: 'agent-a',
    image: 'tessera/python:3.11-debian12',
    runnerMode: 'socket',
    network: 'tessera-s-1',
    runtimePath: '/usr/bin/python3',
    environ: ['A=1'],
    kernelUid: 1000,
    kernelGid: 1001,
    scratch: { workDir: '/s/k-1/work', configDir: '/s/k-1/config', ipcDir: '/s/k-1/ipc' },
    runnerRoot: '/opt/runner',
    servicePorts: [],
    bindHost: '127.0.0.1',
    defaultShmem: '64m',
    pidsLimit: 4096,
    stopTimeout: 5,
    dockerSocket: '/var/run/docker.sock',
    ...overrides,
  };
}

describe('docker backend: container create options', () => {
  it('names and labels the container after its kernel, session, owner and scope', () => {
    const options = containerCreateOptions(spec(), inputs());
    expect(options.name).to.equal('tessera-k-1');
    expect(options.Labels).to.deep.equal({
      'ai.backend.kernel-id': 'k-1',
      'ai.backend.session-id': 's-1',
      'ai.backend.owner': 'AKIAIOSFODNN7EXAMPLE',
      'tessera.scope': 'agent-a',
      'tessera.managed': '1',
    });
  });

  it('runs the runner on its socket as the kernel user in /home/work, on the session network under its hostname', () => {
    const options = containerCreateOptions(spec(), inputs());
    expect(options).to.include({ User: '1000:1001', WorkingDir: '/home/work', Hostname: 'sub1', Tty: false });
    expect(options.Entrypoint).to.deep.equal([]);
    expect(options.Cmd).to.deep.equal([
      '/usr/bin/python3',
      '/opt/tessera/runner/main.py',
      '--listen',
      '/opt/tessera/ipc/runner.sock',
    ]);
    expect(options.HostConfig!.NetworkMode).to.equal('tessera-s-1');
    expect(options.NetworkingConfig).to.deep.equal({
      EndpointsConfig: { 'tessera-s-1': { Aliases: ['sub1'] } },
    });
  });

  it('puts a single kernel on the default bridge under its hostname, without a network alias', () => {
    const single = spec({
      cluster: { mode: 'single-node', size: 1, role: 'main', idx: 1, localRank: 0, hostname: 'main1' },
    });
    const options = containerCreateOptions(single, inputs({ network: 'bridge' }));
    expect(options.Hostname).to.equal('main1');
    expect(options.HostConfig!.NetworkMode).to.equal('bridge');
    expect(options).not.to.have.property('NetworkingConfig');
  });

  it('turns slots into cgroup limits: memory without swap, a CPU quota, shm and pids', () => {
    const host = containerCreateOptions(
      spec({ resourceOpts: { shmem: String(256 * 1024 ** 2) } }),
      inputs(),
    ).HostConfig!;
    expect(host).to.include({
      Memory: 512 * 1024 ** 2,
      MemorySwap: 512 * 1024 ** 2,
      NanoCpus: 1_500_000_000,
      ShmSize: 256 * 1024 ** 2,
      PidsLimit: 4096,
      Init: true,
    });
    expect(host).not.to.have.property('CpusetCpus');
    expect(containerCreateOptions(spec(), inputs()).HostConfig!.ShmSize).to.equal(64 * 1024 ** 2);
  });

  it('pins the kernel to its cores instead of a quota when given a cpuset', () => {
    const host = containerCreateOptions(spec(), inputs({ cpuSet: [3, 1] })).HostConfig!;
    expect(host.CpusetCpus).to.equal('1,3');
    expect(host).not.to.have.property('NanoCpus');
  });

  it('drops every capability and privilege, and keeps the root filesystem writable', () => {
    const host = containerCreateOptions(spec(), inputs()).HostConfig!;
    expect(host).to.include({ Privileged: false, ReadonlyRootfs: false });
    expect(host.CapDrop).to.deep.equal(['ALL']);
    expect(host).not.to.have.property('CapAdd');
    expect(host.SecurityOpt).to.deep.equal(['no-new-privileges']);
  });

  it('binds the scratch folders, the runner read-only, and the spec mounts with their permissions', () => {
    const mounts = containerCreateOptions(
      spec({
        mounts: [
          { hostPath: '/vfolders/data', kernelPath: '/home/work/data', permission: 'ro' },
          { hostPath: '/vfolders/out', kernelPath: '/home/work/out', permission: 'rw' },
          { hostPath: '/vfolders/all', kernelPath: '/home/work/all', permission: 'wd' },
        ],
      }),
      inputs(),
    ).HostConfig!.Mounts!;
    expect(mounts.map((m) => [m.Source, m.Target, m.ReadOnly])).to.deep.equal([
      ['/s/k-1/work', '/home/work', false],
      ['/s/k-1/config', '/home/config', true],
      ['/s/k-1/ipc', '/opt/tessera/ipc', false],
      ['/opt/runner', '/opt/tessera/runner', true],
      ['/vfolders/data', '/home/work/data', true],
      ['/vfolders/out', '/home/work/out', false],
      ['/vfolders/all', '/home/work/all', false],
    ]);
  });

  it('refuses to mount the Docker socket into a kernel', () => {
    expect(() =>
      containerCreateOptions(
        spec({
          mounts: [{ hostPath: '/var/run/docker.sock', kernelPath: '/home/work/d', permission: 'rw' }],
        }),
        inputs(),
      ),
    ).to.throw(/cannot mount the Docker socket/);
  });

  it('publishes service ports on the bind host only', () => {
    const ports = parseServicePorts('jupyter:http:8090,mpi:tcp:[9000,9001]');
    ports[0].hostPorts = [30001];
    ports[1].hostPorts = [30002, 30003];
    const options = containerCreateOptions(spec(), inputs({ servicePorts: ports }));
    expect(options.ExposedPorts).to.deep.equal({ '8090/tcp': {}, '9000/tcp': {}, '9001/tcp': {} });
    expect(options.HostConfig!.PortBindings).to.deep.equal({
      '8090/tcp': [{ HostIp: '127.0.0.1', HostPort: '30001' }],
      '9000/tcp': [{ HostIp: '127.0.0.1', HostPort: '30002' }],
      '9001/tcp': [{ HostIp: '127.0.0.1', HostPort: '30003' }],
    });
  });

  it('keeps an exec-only image alive with a shell that runs the bootstrap scripts, and mounts no runner', () => {
    const options = containerCreateOptions(
      spec(),
      inputs({ runnerMode: 'exec', runtimePath: undefined, runnerRoot: undefined }),
    );
    expect(options.Cmd).to.deep.equal(['/bin/sh', '-c', EXEC_KEEP_ALIVE]);
    expect(EXEC_KEEP_ALIVE).to.include('TESSERA_BOOTSTRAP_SCRIPT').and.to.include("trap 'exit 0' TERM");
    expect(options.HostConfig!.Mounts!.map((m) => m.Target)).not.to.include('/opt/tessera/runner');
  });

  it('sets no memory or CPU limit for slots it is not given', () => {
    const host = containerCreateOptions(spec({ resourceSlots: {} }), inputs({ pidsLimit: 0 })).HostConfig!;
    for (const key of ['Memory', 'MemorySwap', 'NanoCpus', 'CpusetCpus', 'PidsLimit']) {
      expect(host).not.to.have.property(key);
    }
  });

  it("merges the accelerators' container options into HostConfig (device requests, nodes, runtime, groups, security)", () => {
    const host = containerCreateOptions(
      spec(),
      inputs({
        accelerator: {
          deviceRequests: [
            { driver: 'nvidia', deviceIds: ['0', '1'], capabilities: [['utility', 'compute']] },
          ],
          devices: [
            { pathOnHost: '/dev/kfd', pathInContainer: '/dev/kfd', cgroupPermissions: 'mrw' },
            {
              pathOnHost: '/dev/dri/renderD128',
              pathInContainer: '/dev/dri/renderD128',
              cgroupPermissions: 'mrw',
            },
          ],
          runtime: 'nvidia',
          groupAdd: ['video', 'render'],
          securityOpt: ['seccomp=unconfined', 'no-new-privileges'],
        },
      }),
    ).HostConfig!;
    expect(host.DeviceRequests).to.deep.equal([
      { Driver: 'nvidia', DeviceIDs: ['0', '1'], Capabilities: [['utility', 'compute']] },
    ]);
    expect(host.Devices).to.deep.equal([
      { PathOnHost: '/dev/kfd', PathInContainer: '/dev/kfd', CgroupPermissions: 'mrw' },
      { PathOnHost: '/dev/dri/renderD128', PathInContainer: '/dev/dri/renderD128', CgroupPermissions: 'mrw' },
    ]);
    expect(host.Runtime).to.equal('nvidia');
    expect(host.GroupAdd).to.deep.equal(['video', 'render']);
    // The kernel's own option stays, once; the capabilities are still all dropped.
    expect(host.SecurityOpt).to.deep.equal(['no-new-privileges', 'seccomp=unconfined']);
    expect(host).to.include({ Privileged: false });
    expect(host.CapDrop).to.deep.equal(['ALL']);
  });

  it("binds the accelerators' mounts after the kernel's own folders, read-only as asked", () => {
    const mounts = containerCreateOptions(
      spec({ mounts: [{ hostPath: '/vfolders/data', kernelPath: '/home/work/data', permission: 'rw' }] }),
      inputs({
        accelerator: {
          mounts: [
            {
              source: '/usr/lib/x86_64-linux-gnu/libcuda.so.1',
              target: '/usr/lib/libcuda.so.1',
              readOnly: true,
            },
          ],
        },
      }),
    ).HostConfig!.Mounts!;
    expect(mounts.slice(4).map((m) => [m.Type, m.Source, m.Target, m.ReadOnly])).to.deep.equal([
      ['bind', '/usr/lib/x86_64-linux-gnu/libcuda.so.1', '/usr/lib/libcuda.so.1', true],
      ['bind', '/vfolders/data', '/home/work/data', false],
    ]);
  });

  it('refuses an accelerator mount of the Docker socket or with a relative path', () => {
    const socket = { source: '/var/run/docker.sock', target: '/opt/sock', readOnly: true };
    expect(() => containerCreateOptions(spec(), inputs({ accelerator: { mounts: [socket] } }))).to.throw(
      /accelerator asked to mount the Docker socket/,
    );
    const relative = { source: 'lib/libcuda.so', target: '/usr/lib/libcuda.so', readOnly: true };
    expect(() => containerCreateOptions(spec(), inputs({ accelerator: { mounts: [relative] } }))).to.throw(
      /accelerator asked for a mount with a relative path/,
    );
  });

  it("shares the host's IPC namespace when an accelerator asks (MPS), without a /dev/shm size of its own", () => {
    const shared = containerCreateOptions(spec(), inputs({ accelerator: { ipcMode: 'host' } })).HostConfig!;
    expect(shared.IpcMode).to.equal('host');
    expect(shared).to.not.have.property('ShmSize');
    const own = containerCreateOptions(spec(), inputs({ accelerator: {} })).HostConfig!;
    expect(own).to.not.have.property('IpcMode');
    expect(own.ShmSize).to.be.a('number');
  });

  it('adds nothing to HostConfig without accelerator options', () => {
    const host = containerCreateOptions(spec(), inputs({ accelerator: {} })).HostConfig!;
    for (const key of ['DeviceRequests', 'Devices', 'Runtime', 'GroupAdd'])
      expect(host).not.to.have.property(key);
    expect(host.SecurityOpt).to.deep.equal(['no-new-privileges']);
  });
});
