import { expect } from 'chai';
import { chmodSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { DockerTestBench, dockerKernelSpec, KernelConsole } from './docker-test-support';

describe("docker backend: an accelerator's container options reach the container", function () {
  this.timeout(120_000);
  let bench: DockerTestBench;
  let backend: DockerBackend;
  const vendor = mkdtempSync(join(tmpdir(), 'tessera-vendor-lib-'));

  before(async () => {
    bench = await DockerTestBench.open([31200, 31249]);
    backend = bench.backend();
  });
  after(async () => {
    await backend?.destroyAll('test-finished');
    await bench?.cleanUp();
    rmSync(vendor, { recursive: true, force: true });
  });

  it('creates the container with the device nodes, mounts, groups and security options asked for', async () => {
    writeFileSync(join(vendor, 'libvendor.so'), 'not really a library\n', { mode: 0o644 });
    // The kernel runs as its own user: a vendor's library folder is readable by all.
    chmodSync(vendor, 0o755);
    const kernel = await backend.createKernel(dockerKernelSpec(), {
      environ: { VENDOR_VISIBLE_DEVICES: '0' },
      resourceData: {},
      deviceAllocation: { 'npu.device': { '0': '1' } },
      container: {
        devices: [{ pathOnHost: '/dev/null', pathInContainer: '/dev/npu0', cgroupPermissions: 'rwm' }],
        mounts: [{ source: vendor, target: '/opt/vendor', readOnly: true }],
        groupAdd: ['4242'],
        securityOpt: ['label=disable'],
      },
    });
    const console = new KernelConsole(kernel);
    const info = await bench.docker.getContainer(kernel.containerId).inspect();
    expect(info.HostConfig.Devices).to.deep.equal([
      { PathOnHost: '/dev/null', PathInContainer: '/dev/npu0', CgroupPermissions: 'rwm' },
    ]);
    expect(info.HostConfig.GroupAdd).to.deep.equal(['4242']);
    expect(info.HostConfig.SecurityOpt).to.deep.equal(['no-new-privileges', 'label=disable']);
    const seen = await console.python(
      [
        'import os',
        'print(os.path.exists("/dev/npu0"), 4242 in os.getgroups())',
        'print(open("/opt/vendor/libvendor.so").read().strip(), os.access("/opt/vendor", os.W_OK))',
        'print(os.environ["VENDOR_VISIBLE_DEVICES"])',
      ].join('\n'),
    );
    expect(seen).to.equal('True True\nnot really a library False\n0\n');
  });

  it("runs the container in the host's IPC namespace when asked (as NVIDIA MPS clients need)", async () => {
    const kernel = await backend.createKernel(dockerKernelSpec(), {
      environ: {},
      resourceData: {},
      deviceAllocation: {},
      container: { ipcMode: 'host' },
    });
    const info = await bench.docker.getContainer(kernel.containerId).inspect();
    expect(info.HostConfig.IpcMode).to.equal('host');
    const inside = await new KernelConsole(kernel).python(
      'import os\nprint(os.readlink("/proc/self/ns/ipc"))',
    );
    expect(inside.trim()).to.equal(readlinkSync('/proc/self/ns/ipc'));
  });
});
