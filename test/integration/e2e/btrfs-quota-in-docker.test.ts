import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiConfig, Client } from '@tessera/client';
import { Kernel } from '@tessera/core';
import { freePort } from '../../support/free-port';
import { requireServices } from '../../support/halfstack';
import { IMAGES_BUILD_TIMEOUT_MS, PYTHON_IMAGE, requireKernelImages } from '../../support/kernel-images';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { describeWithLoopVolume } from '../storage-backends/support/loop-volume';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** The docker backend's default kernel user and group, which own the folders here. */
const KERNEL_UID = 1000;
const QUOTA = 8 * 2 ** 20;

/**
 * The all-in-one manifest turned into a Docker node whose storage proxy serves a btrfs volume: the
 * same plugins, with the docker agent backend, the btrfs backend on a loop-mounted image, and the
 * proxy giving folders to the kernels' user.
 */
function dockerBtrfsManifest(volumePath: string): string {
  let text = readFileSync(join(REPO_ROOT, 'manifests', 'all-in-one.yaml'), 'utf8');
  const swaps: Array<[string, string]> = [
    ["'@tessera/agent-backend-process'", "'@tessera/agent-backend-docker'"],
    ['agent-backend: process', 'agent-backend: docker'],
    ["'@tessera/storage-backend-vfs'", "'@tessera/storage-backend-btrfs'"],
    ['storage-backend: vfs', 'storage-backend: btrfs'],
    ['backend: vfs', 'backend: btrfs'],
    ['path: volumes/volume1', `path: ${volumePath}`],
    [
      '      name: local\n',
      `      name: local\n      fileOwner: { uid: ${KERNEL_UID}, gid: ${KERNEL_UID} }\n`,
    ],
  ];
  for (const [from, to] of swaps) {
    if (!text.includes(from)) throw new Error(`the all-in-one manifest no longer has ${from}`);
    text = text.split(from).join(to);
  }
  return text;
}

/**
 * A vfolder's quota holds inside a running container: the folder is a btrfs subvolume with a
 * qgroup limit, mounted into a Docker kernel, and the kernel's own writes stop at the limit
 * (EDQUOT) with what it wrote before intact: the kernel enforces it, not the proxy.
 */
describeWithLoopVolume(
  'e2e: a vfolder quota enforced inside a Docker kernel (btrfs qgroups)',
  'btrfs',
  512,
  (volume) => {
    let kernel: Kernel;
    let client: Client;
    let dataDir: string;

    before(async function () {
      this.timeout(IMAGES_BUILD_TIMEOUT_MS);
      await requireServices(['docker']);
      await requireKernelImages();
      dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-btrfs-'));
      const manifest = join(dataDir, 'docker-btrfs.yaml');
      writeFileSync(manifest, dockerBtrfsManifest(volume().path));
      const port = await freePort();
      kernel = await Kernel.fromManifest(manifest, {
        env: {
          TESSERA_DATA_DIR: join(dataDir, 'var'),
          TESSERA_MANAGER_PORT: String(port),
          TESSERA_LOG_LEVEL: 'silent',
        },
        cwd: REPO_ROOT,
      });
      await kernel.start();
      client = new Client(
        new ApiConfig({
          endpoints: [`http://127.0.0.1:${port}`],
          accessKey: ACCESS_KEY,
          secretKey: SECRET_KEY,
        }),
      );
    });

    after(async function () {
      this.timeout(60_000);
      await client?.destroySession('quota').catch(() => undefined);
      await kernel?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('stops the kernel writing past the folder quota (EDQUOT) and keeps what it wrote before', async function () {
      this.timeout(120_000);
      await client.vfolders.create('limited', { quota: QUOTA });
      const session = await client.createSession({
        image: PYTHON_IMAGE,
        name: 'quota',
        mounts: ['limited'],
        resources: { cpu: '1', mem: '256m' },
      });
      expect(session.status).to.equal('RUNNING');
      const run = await client.execute(session.sessionId ?? session.sessId, {
        mode: 'query',
        runId: 'quota-1',
        code: [
          'import errno, os',
          'chunk = b"x" * (1 << 20)',
          'with open("/home/work/limited/small.bin", "wb") as f:',
          '    for _ in range(2): f.write(chunk)',
          '    f.flush(); os.fsync(f.fileno())',
          'written = 0',
          'try:',
          '    with open("/home/work/limited/big.bin", "wb") as f:',
          '        for _ in range(64):',
          '            f.write(chunk); f.flush(); os.fsync(f.fileno()); written += 1',
          '    print("no limit", written)',
          'except OSError as e:',
          '    print(errno.errorcode.get(e.errno, e.errno), written < 8)',
          'print(os.path.getsize("/home/work/limited/small.bin"))',
        ].join('\n'),
      });
      expect(run.console).to.deep.equal([['stdout', `EDQUOT True\n${2 * 2 ** 20}\n`]]);
      await client.destroySession('quota');

      // The proxy reports the folder at its limit, and the folder's files as the kernel left them.
      const info = await client.vfolders.info('limited');
      expect(Number(info['max_size'] ?? info['quota'] ?? 0), JSON.stringify(info)).to.be.greaterThan(0);
      const names = (await client.vfolders.files('limited')).map((file) => file.name).sort();
      expect(names).to.deep.equal(['big.bin', 'small.bin']);
    });
  },
);
