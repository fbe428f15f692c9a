import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRunner } from '@tessera/core';

/**
 * A stand-in for `xfs_quota -x` on a machine whose kernel has no XFS quotas: it remembers which
 * directory each project was set up on and each project's hard limit, and prints a report in
 * xfs_quota's own format with usage measured by walking the project's directory (4 KiB blocks,
 * inodes including the directory itself). It enforces nothing. `calls` records every command.
 */
export function fakeXfsQuota(): { run: CommandRunner; calls: string[] } {
  const directories = new Map<number, string>();
  const limits = new Map<number, number>();
  const calls: string[] = [];
  const run: CommandRunner = async (command, args) => {
    const [expert, flag, text] = args;
    if (command !== 'xfs_quota' || expert !== '-x' || flag !== '-c' || !text)
      return { stdout: '', stderr: `unexpected call ${command} ${args.join(' ')}`, exitCode: 1 };
    calls.push(text);
    let match = /^project -s -p (\S+) (\d+)$/.exec(text);
    if (match) {
      directories.set(Number(match[2]), match[1]!);
      return { stdout: `Setting up project ${match[2]} (path ${match[1]})...\n`, stderr: '', exitCode: 0 };
    }
    match = /^limit -p bhard=(\d+) (\d+)$/.exec(text);
    if (match) {
      limits.set(Number(match[2]), Number(match[1]));
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    if (text === 'report -p -b -i -n -N') {
      const lines: string[] = [];
      for (const id of [...new Set([0, ...directories.keys(), ...limits.keys()])].sort((a, b) => a - b)) {
        const usage = directories.has(id) ? await measure(directories.get(id)!) : { kib: 0, inodes: 0 };
        // Limits are kept in 512-byte basic blocks and printed in KiB, as XFS does.
        const hardKib = Math.floor(Math.floor((limits.get(id) ?? 0) / 512) / 2);
        // XFS does not report a project with nothing in use and no limit.
        if (id !== 0 && usage.inodes === 0 && hardKib === 0) continue;
        lines.push(
          `#${String(id).padEnd(10)}` +
            ` ${pad(usage.kib)} ${pad(0)} ${pad(hardKib)}     00 [--------]` +
            ` ${pad(usage.inodes)} ${pad(0)} ${pad(0)}     00 [--------]`,
        );
      }
      return { stdout: `${lines.join('\n')}\n\n`, stderr: '', exitCode: 0 };
    }
    return { stdout: '', stderr: `xfs_quota: unknown command ${text}`, exitCode: 0 };
  };
  return { run, calls };
}

function pad(value: number): string {
  return String(value).padStart(10);
}

async function measure(root: string): Promise<{ kib: number; inodes: number }> {
  try {
    await lstat(root);
  } catch {
    return { kib: 0, inodes: 0 };
  }
  let kib = 0;
  let inodes = 1;
  const pending = [root];
  while (pending.length > 0) {
    const directory = pending.pop()!;
    for await (const entry of await opendir(directory)) {
      inodes++;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else kib += Math.ceil((await lstat(path)).size / 4096) * 4;
    }
  }
  return { kib, inodes };
}
