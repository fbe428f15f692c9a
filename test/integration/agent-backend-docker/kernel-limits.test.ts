import { expect } from 'chai';
import { mkdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerBackend } from '@tessera/agent-backend-docker';
import { DockerTestBench, dockerKernelSpec, KernelConsole, NO_EXTRA } from './docker-test-support';

describe('docker backend: what a kernel container gets and may do', function () {
  this.timeout(120_000);
  let bench: DockerTestBench;
  let backend: DockerBackend;

  before(async () => {
    bench = await DockerTestBench.open([31100, 31199]);
    backend = bench.backend();
  });
  after(async () => {
    await backend?.destroyAll('test-finished');
    await bench?.cleanUp();
  });

  async function start(overrides: Parameters<typeof dockerKernelSpec>[0] = {}): Promise<KernelConsole> {
    return new KernelConsole(await backend.createKernel(dockerKernelSpec(overrides), NO_EXTRA));
  }

  it('ends a kernel that passes its memory limit as out-of-memory, and another kernel keeps answering', async () => {
    const greedy = await start({ resourceSlots: { cpu: '1', mem: String(128 * 1024 ** 2) } });
    const bystander = await start();
    greedy.kernel.runner.send({ op: 'code', data: 'data = bytearray(512 * 1024 ** 2)\nprint("survived")' });
    const exitCode = await greedy.kernel.exited;
    expect(exitCode).to.equal(137);
    expect(greedy.kernel.endReason?.()).to.equal('out-of-memory');
    expect(await bystander.python('print(6 * 7)')).to.equal('42\n');
    expect(bystander.kernel.endReason?.()).to.equal(undefined);
    await backend.destroyKernel(greedy.kernel.kernelId, 'self-terminated');
  });

  it('does not call an end out-of-memory when only a subprocess was killed for memory', async () => {
    const console = await start({ resourceSlots: { cpu: '1', mem: String(128 * 1024 ** 2) } });
    const code = [
      'import subprocess, sys',
      'child = subprocess.run([sys.executable, "-c", "bytearray(512 * 1024 ** 2)"])',
      'print(child.returncode)',
    ].join('\n');
    expect(await console.python(code)).to.equal('-9\n');
    console.kernel.runner.send({ op: 'code', data: 'import os\nos._exit(4)' });
    expect(await console.kernel.exited).to.equal(4);
    const info = await bench.docker.getContainer(console.kernel.containerId).inspect();
    expect(info.State.OOMKilled).to.equal(true);
    expect(console.kernel.endReason?.()).to.equal(undefined);
    await backend.destroyKernel(console.kernel.kernelId, 'self-terminated');
  });

  it('applies the CPU slot as a quota the container itself sees in its cgroup', async () => {
    const console = await start({ resourceSlots: { cpu: '0.5', mem: String(256 * 1024 ** 2) } });
    const info = await bench.docker.getContainer(console.kernel.containerId).inspect();
    expect(info.HostConfig.NanoCpus).to.equal(500_000_000);
    const quota = await console.python(
      [
        'import os',
        'if os.path.exists("/sys/fs/cgroup/cpu.max"):',
        '    print(open("/sys/fs/cgroup/cpu.max").read().strip())',
        'else:',
        '    q = open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").read().strip()',
        '    p = open("/sys/fs/cgroup/cpu/cpu.cfs_period_us").read().strip()',
        '    print(q, p)',
      ].join('\n'),
    );
    const [q, p] = quota.trim().split(' ').map(Number);
    expect(q / p).to.equal(0.5);
  });

  it('shows its memory limit inside, runs in a container (/.dockerenv), with the shm size asked for', async () => {
    const console = await start({
      resourceSlots: { cpu: '1', mem: String(300 * 1024 ** 2) },
      resourceOpts: { shmem: String(96 * 1024 ** 2) },
    });
    const seen = await console.python(
      [
        'import os',
        'v2 = "/sys/fs/cgroup/memory.max"',
        'print(open(v2 if os.path.exists(v2) else "/sys/fs/cgroup/memory/memory.limit_in_bytes").read().strip())',
        'print(os.path.exists("/.dockerenv"))',
        's = os.statvfs("/dev/shm")',
        'print(s.f_blocks * s.f_frsize)',
      ].join('\n'),
    );
    expect(seen.split('\n').slice(0, 3)).to.deep.equal([
      String(300 * 1024 ** 2),
      'True',
      String(96 * 1024 ** 2),
    ]);
    const df = await console.run('df -k /dev/shm | tail -n 1', 'exec');
    expect(df.stdout.trim().split(/\s+/)[1]).to.equal(String(96 * 1024));
  });

  it('mounts a read-only folder that cannot be written (EROFS) and a read-write one that can', async () => {
    const readOnly = join(bench.scratchRoot, 'vfolder-ro');
    const readWrite = join(bench.scratchRoot, 'vfolder-rw');
    for (const dir of [readOnly, readWrite]) {
      mkdirSync(dir);
      chmodSync(dir, 0o777);
    }
    writeFileSync(join(readOnly, 'input.txt'), 'given\n');
    const console = await start({
      mounts: [
        { hostPath: readOnly, kernelPath: '/home/work/data', permission: 'ro' },
        { hostPath: readWrite, kernelPath: '/home/work/out', permission: 'rw' },
      ],
    });
    const answer = await console.python(
      [
        'import errno',
        'print(open("/home/work/data/input.txt").read().strip())',
        'try:',
        '    open("/home/work/data/new.txt", "w")',
        'except OSError as e:',
        '    print(errno.errorcode[e.errno])',
        'open("/home/work/out/result.txt", "w").write("done")',
        'print("written")',
      ].join('\n'),
    );
    expect(answer).to.equal('given\nEROFS\nwritten\n');
    expect(statSync(join(readWrite, 'result.txt')).size).to.equal(4);
  });

  it("runs as kernelUid without capabilities; files it makes in /home/work are the kernel user's on the host", async () => {
    const console = await start();
    const inside = await console.python(
      [
        'import os',
        'print(os.getuid(), os.getgid())',
        'print([l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])',
        'open("/home/work/made-inside.txt", "w").write("x")',
      ].join('\n'),
    );
    expect(inside).to.equal('1000 1000\n0000000000000000\n');
    expect((await console.run('id -u', 'exec')).stdout).to.equal('1000\n');
    const made = statSync(join(bench.scratchRoot, console.kernel.kernelId, 'work', 'made-inside.txt'));
    expect([made.uid, made.gid]).to.deep.equal([1000, 1000]);
    const info = await bench.docker.getContainer(console.kernel.containerId).inspect();
    expect(info.HostConfig.CapDrop).to.deep.equal(['ALL']);
    expect(info.HostConfig.SecurityOpt).to.deep.equal(['no-new-privileges']);
    expect(info.HostConfig.Privileged).to.equal(false);
    expect(info.Mounts.map((m) => m.Source)).not.to.include(bench.socketPath);
  });

  it("keeps the bootstrap script's output in the kernel's logs", async () => {
    const console = await start({ bootstrapScript: 'echo booted as $(id -u)' });
    expect(await backend.kernelLogs(console.kernel.kernelId)).to.include('booted as 1000\n');
  });

  it('measures a running kernel from Docker stats', async () => {
    const console = await start({ resourceSlots: { cpu: '1', mem: String(256 * 1024 ** 2) } });
    await console.python('x = bytearray(64 * 1024 ** 2)\nsum(range(3_000_000))');
    const measures = (await backend.measureKernels([console.kernel.kernelId, 'no-such-kernel']))[
      console.kernel.kernelId
    ];
    expect(measures.cpuUsedMs).to.be.greaterThan(0);
    expect(measures.cpuLimit).to.equal(1);
    expect(measures.memBytes).to.be.greaterThan(64 * 1024 ** 2);
    expect(measures.memLimitBytes).to.equal(256 * 1024 ** 2);
    expect(measures.netRxBytes).to.be.a('number');
    expect(Object.keys(await backend.measureKernels(['no-such-kernel']))).to.deep.equal([]);
  });
});
