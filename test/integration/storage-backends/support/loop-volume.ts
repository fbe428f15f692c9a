import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandFailedError, runCommand } from '../../../support/run-command';

export type LoopFilesystem = 'btrfs' | 'xfs';

/** A filesystem image mounted through a loop device, for as long as a test needs it. */
export interface LoopVolume {
  filesystem: LoopFilesystem;
  /** The mount point (an empty filesystem when mounted). */
  path: string;
  /** The loop device (`/dev/loopN`). */
  device: string;
  /** Unmounts, detaches the loop device and deletes the image; safe to call twice. */
  unmount(): Promise<void>;
}

/**
 * This machine cannot loop-mount the filesystem (not root, tools missing, no loop devices in this
 * container, the kernel lacks a feature); the message says which, for the skip line.
 */
export class LoopMountUnavailableError extends Error {
  override readonly name = 'LoopMountUnavailableError';
}

const MKFS = { btrfs: 'mkfs.btrfs', xfs: 'mkfs.xfs' } as const;
const PACKAGE = { btrfs: 'btrfs-progs', xfs: 'xfsprogs' } as const;
/** Mount options the storage backends need: XFS project quotas. */
const DEFAULT_OPTIONS: Record<LoopFilesystem, string[]> = { btrfs: [], xfs: ['prjquota'] };

/**
 * Makes a `sizeMiB` image under the temporary directory, formats it (`mkfs.btrfs` / `mkfs.xfs`),
 * attaches it to a free loop device and mounts it (xfs with `-o prjquota` unless `mountOptions`
 * says otherwise). Throws `LoopMountUnavailableError` when the machine cannot do it; whatever was
 * made before a failure is removed again.
 */
export async function mountLoopVolume(
  filesystem: LoopFilesystem,
  sizeMiB: number,
  options: { mountOptions?: string[] } = {},
): Promise<LoopVolume> {
  if (process.getuid?.() !== 0)
    throw new LoopMountUnavailableError(
      `loop-mounting ${filesystem} needs root (running as uid ${process.getuid?.()})`,
    );
  const directory = await mkdtemp(join(tmpdir(), `tessera-loop-${filesystem}-`));
  const image = join(directory, 'image');
  const path = join(directory, 'mnt');
  const cleanup: Array<() => Promise<unknown>> = [() => rm(directory, { recursive: true, force: true })];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    await mkdir(path);
    const handle = await open(image, 'w');
    await handle.truncate(sizeMiB * 1024 * 1024);
    await handle.close();
    await toolOf(filesystem, runCommand(MKFS[filesystem], ['-q', '-f', image]));
    const device = (await loopDevice(runCommand('losetup', ['--find', '--show', image]))).stdout.trim();
    cleanup.push(() => runCommand('losetup', ['-d', device]));
    const mountOptions = options.mountOptions ?? DEFAULT_OPTIONS[filesystem];
    await mountOrExplain(filesystem, device, path, mountOptions);
    cleanup.push(() => unmountPath(path));
    let mounted = true;
    return {
      filesystem,
      path,
      device,
      async unmount() {
        if (!mounted) return;
        mounted = false;
        await undo();
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

async function mountOrExplain(
  filesystem: LoopFilesystem,
  device: string,
  path: string,
  mountOptions: string[],
): Promise<void> {
  const args = [
    '-t',
    filesystem,
    ...(mountOptions.length ? ['-o', mountOptions.join(',')] : []),
    device,
    path,
  ];
  try {
    await runCommand('mount', args);
  } catch (error) {
    if (!(error instanceof CommandFailedError)) throw error;
    // Tell a missing kernel feature from a machine that cannot mount at all.
    const plain = await runCommand('mount', ['-t', filesystem, device, path]).then(
      () => true,
      () => false,
    );
    if (plain) {
      await unmountPath(path);
      throw new LoopMountUnavailableError(
        `this kernel mounts ${filesystem} but refuses -o ${mountOptions.join(',')}` +
          (filesystem === 'xfs' ? ' (likely built without XFS quota support, CONFIG_XFS_QUOTA)' : '') +
          `: ${firstLine(error.stderr)}`,
      );
    }
    throw new LoopMountUnavailableError(
      `cannot mount a ${filesystem} loop device here: ${firstLine(error.stderr)}`,
    );
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** Unmounts, retrying while the filesystem is busy, then lazily as a last resort. */
async function unmountPath(path: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await runCommand('umount', [path]);
      return;
    } catch (error) {
      if (!(error instanceof CommandFailedError) || !/busy/i.test(error.stderr)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await runCommand('umount', ['-l', path]);
}

/** A filesystem tool that is not installed makes the machine unable, not the test failed. */
async function toolOf<T>(filesystem: LoopFilesystem, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof CommandFailedError && /not installed/.test(error.reason))
      throw new LoopMountUnavailableError(`${error.reason} (apt-get install ${PACKAGE[filesystem]})`);
    throw error;
  }
}

/** No loop device to attach (a container without /dev/loop-control, all devices taken). */
async function loopDevice<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof CommandFailedError)
      throw new LoopMountUnavailableError(`no loop device available: ${error.message}`);
    throw error;
  }
}

/**
 * Runs `body` in a mocha suite with a fresh loop-mounted volume, unmounted afterwards even when
 * tests fail. Where the machine cannot loop-mount, every test of the suite is skipped and the
 * reason printed on a SKIPPED line.
 */
export function describeWithLoopVolume(
  title: string,
  filesystem: LoopFilesystem,
  sizeMiB: number,
  body: (volume: () => LoopVolume) => void,
  options: { mountOptions?: string[] } = {},
): void {
  describe(title, function () {
    let volume: LoopVolume | undefined;
    before(async function () {
      this.timeout(60_000);
      try {
        volume = await mountLoopVolume(filesystem, sizeMiB, options);
      } catch (error) {
        if (!(error instanceof LoopMountUnavailableError)) throw error;
        console.log(`\n    SKIPPED ${title}: ${error.message}\n`);
        this.skip();
      }
    });
    after(async function () {
      this.timeout(60_000);
      await volume?.unmount();
    });
    body(() => {
      if (!volume) throw new Error(`the ${filesystem} loop volume is not mounted`);
      return volume;
    });
  });
}
