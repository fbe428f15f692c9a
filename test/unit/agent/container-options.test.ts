import { expect } from 'chai';
import { mergeContainerOptions } from '@tessera/agent';

const kfd = { pathOnHost: '/dev/kfd', pathInContainer: '/dev/kfd', cgroupPermissions: 'mrw' };
const libcuda = { source: '/usr/lib/libcuda.so.1', target: '/usr/lib/libcuda.so.1', readOnly: true };

describe("agent: merging the accelerators' container options", () => {
  it('is undefined when no accelerator has any', () => {
    expect(mergeContainerOptions([])).to.equal(undefined);
    expect(mergeContainerOptions([{ key: 'cuda', options: undefined }])).to.equal(undefined);
  });

  it('concatenates in order, drops repeated groups, security options and identical mounts', () => {
    const merged = mergeContainerOptions([
      {
        key: 'cuda',
        options: {
          deviceRequests: [{ driver: 'nvidia', deviceIds: ['0'], capabilities: [['compute']] }],
          mounts: [libcuda],
          groupAdd: ['video'],
          runtime: 'nvidia',
        },
      },
      { key: 'mock', options: {} },
      {
        key: 'rocm',
        options: {
          devices: [kfd],
          mounts: [libcuda],
          groupAdd: ['video', 'render'],
          securityOpt: ['seccomp=unconfined'],
          runtime: 'nvidia',
          ipcMode: 'host',
        },
      },
    ]);
    expect(merged).to.deep.equal({
      deviceRequests: [{ driver: 'nvidia', deviceIds: ['0'], capabilities: [['compute']] }],
      devices: [kfd],
      mounts: [libcuda],
      runtime: 'nvidia',
      groupAdd: ['video', 'render'],
      securityOpt: ['seccomp=unconfined'],
      ipcMode: 'host',
    });
  });

  it('refuses two runtimes, or two host paths at one container path, naming both accelerators', () => {
    expect(() =>
      mergeContainerOptions([
        { key: 'cuda', options: { runtime: 'nvidia' } },
        { key: 'npu', options: { runtime: 'npu-runc' } },
      ]),
    )
      .to.throw(/Accelerators "cuda" and "npu" need different container runtimes \("nvidia" and "npu-runc"\)/)
      .with.property('code', 'session-start-failed');
    expect(() =>
      mergeContainerOptions([
        { key: 'cuda', options: { mounts: [libcuda] } },
        { key: 'npu', options: { mounts: [{ ...libcuda, source: '/opt/npu/libcuda.so.1' }] } },
      ]),
    ).to.throw(/Accelerators "cuda" and "npu" mount different host paths at \/usr\/lib\/libcuda.so.1/);
  });
});
