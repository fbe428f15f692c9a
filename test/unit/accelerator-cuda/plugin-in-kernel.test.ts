import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bootTestKernel } from '@tessera/core/testing';
import type { Accelerator, NamedRegistry, PluginEntry } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { A100, GPU_QUERY } from './cuda-fixtures';

const CONFIG_STORE: PluginEntry = { package: '@tessera/config-store-embedded', config: { file: '' } };

describe('accelerator-cuda and accelerator-rocm in a kernel, on a host without GPUs', () => {
  it('register as cuda and rocm with no devices, say so once each, and start no MPS daemon', async () => {
    const test = await bootTestKernel({
      roles: ['agent'],
      cwd: REPO_ROOT,
      plugins: [
        CONFIG_STORE,
        {
          package: '@tessera/accelerator-cuda',
          config: { nvidiaSmiPath: '/nonexistent/bin/nvidia-smi', allocationMode: 'fractional' },
        },
        { package: '@tessera/accelerator-rocm', config: { devRoot: '/nonexistent/dev' } },
      ],
    });
    try {
      const registry = test.kernel.resolve<NamedRegistry<Accelerator>>('accelerator');
      expect(registry.names().sort()).to.deep.equal(['cuda', 'rocm']);
      expect(await registry.require('cuda').listDevices()).to.deep.equal([]);
      expect(await registry.require('cuda').availableSlots()).to.deep.equal({ 'cuda.shares': '0' });
      expect(await registry.require('rocm').availableSlots()).to.deep.equal({ 'rocm.device': '0' });
      const messages = test.logs.map((line) => String(line.msg));
      expect(messages.filter((m) => m.startsWith('no NVIDIA GPUs found'))).to.have.length(1);
      expect(messages.filter((m) => m.startsWith('no AMD GPUs found'))).to.have.length(1);
      expect(messages.filter((m) => m.includes('MPS'))).to.deep.equal([]);
    } finally {
      await test.stop();
    }
  });

  it('refuses a bad config value, naming the field', async () => {
    const error = await bootTestKernel({
      roles: ['agent'],
      cwd: REPO_ROOT,
      plugins: [CONFIG_STORE, { package: '@tessera/accelerator-cuda', config: { allocationMode: 'shared' } }],
    }).catch((e: unknown) => e);
    expect(String(error)).to.contain(
      '@tessera/accelerator-cuda config/allocationMode: expected one of "discrete", "fractional"; found "shared"',
    );
  });
});

describe('accelerator-cuda in a kernel, with nvidia-smi and the MPS control replaced by scripts', () => {
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'tessera-fake-nvidia-'));
    // Answers the plugin's nvidia-smi calls with the recorded outputs of the 4x A100 host.
    writeFileSync(
      join(bin, 'nvidia-smi'),
      [
        '#!/bin/sh',
        'case "$*" in',
        `  "${GPU_QUERY}") cat "${A100}/query-gpu.csv" ;;`,
        `  "-L") cat "${A100}/list-gpus.txt" ;;`,
        `  "--version") cat "${A100}/version.txt" ;;`,
        '  *) echo "unexpected: $*" >&2; exit 2 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    // Records how it was called: arguments, the MPS folders, and what came on stdin (quit).
    writeFileSync(
      join(bin, 'nvidia-cuda-mps-control'),
      [
        '#!/bin/sh',
        'if [ "$1" = "-d" ]; then input=; else input=$(cat); fi',
        `echo "args=$* pipe=$CUDA_MPS_PIPE_DIRECTORY log=$CUDA_MPS_LOG_DIRECTORY input=$input" >> "${bin}/mps-calls"`,
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    chmodSync(join(bin, 'nvidia-cuda-mps-control'), 0o755);
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  it('in fractional mode starts the MPS daemon with folders under its data folder, and quits it on stop', async () => {
    const test = await bootTestKernel({
      roles: ['agent'],
      cwd: REPO_ROOT,
      plugins: [
        CONFIG_STORE,
        {
          package: '@tessera/accelerator-cuda',
          config: {
            allocationMode: 'fractional',
            sharesPerDevice: 4,
            nvidiaSmiPath: join(bin, 'nvidia-smi'),
            mpsControlPath: join(bin, 'nvidia-cuda-mps-control'),
            sysfsRoot: join(A100, 'sysfs'),
          },
        },
      ],
    });
    const mps = join(test.dataDir, 'accelerator-cuda', 'mps');
    try {
      const cuda = test.kernel.resolve<NamedRegistry<Accelerator>>('accelerator').require('cuda');
      expect(await cuda.availableSlots()).to.include({ 'cuda.shares': '12' });
      const allocation = await cuda.allocate('k1', { 'cuda.shares': '2' });
      const args = await cuda.kernelArgs(allocation!);
      expect(args.environ).to.include({
        CUDA_MPS_ACTIVE_THREAD_PERCENTAGE: '50',
        CUDA_MPS_PINNED_DEVICE_MEM_LIMIT: '0=40960M',
        CUDA_MPS_PIPE_DIRECTORY: join(mps, 'pipe'),
      });
      expect(readFileSync(join(bin, 'mps-calls'), 'utf8')).to.equal(
        `args=-d pipe=${mps}/pipe log=${mps}/log input=\n`,
      );
    } finally {
      await test.stop();
    }
    expect(readFileSync(join(bin, 'mps-calls'), 'utf8')).to.equal(
      `args=-d pipe=${mps}/pipe log=${mps}/log input=\nargs= pipe=${mps}/pipe log=${mps}/log input=quit\n`,
    );
  });

  it('in discrete mode starts no MPS daemon', async () => {
    const test = await bootTestKernel({
      roles: ['agent'],
      cwd: REPO_ROOT,
      plugins: [
        CONFIG_STORE,
        {
          package: '@tessera/accelerator-cuda',
          config: {
            nvidiaSmiPath: join(bin, 'nvidia-smi'),
            mpsControlPath: join(bin, 'nvidia-cuda-mps-control'),
            sysfsRoot: join(A100, 'sysfs'),
          },
        },
      ],
    });
    try {
      const cuda = test.kernel.resolve<NamedRegistry<Accelerator>>('accelerator').require('cuda');
      expect(await cuda.availableSlots()).to.include({ 'cuda.device': '3' });
    } finally {
      await test.stop();
    }
    expect(() => readFileSync(join(bin, 'mps-calls'), 'utf8')).to.throw(/ENOENT/);
  });
});
