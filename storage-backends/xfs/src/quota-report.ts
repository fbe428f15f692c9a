/** One project's line of `xfs_quota -x -c 'report -p -b -i -n -N'`. */
export interface ProjectQuota {
  /** Blocks in use, in bytes (the report counts 1 KiB blocks). */
  usedBytes: number;
  /** The hard block limit in bytes; null when none (0). */
  hardLimitBytes: number | null;
  /** Inodes in use: files, directories and links, the project's root directory included. */
  inodes: number;
}

// `#<id>` then, for blocks and then inodes: used, soft, hard, warnings, and the grace time in brackets.
const ROW =
  /^#(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\[[^\]]*\]\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\[[^\]]*\]/;

/**
 * Reads the report xfs_quota prints for `report -p -b -i -n -N` (numeric ids, no header): one
 * line per project, blocks in KiB. Other lines (blank, the header if any) are ignored.
 */
export function parseQuotaReport(output: string): Map<number, ProjectQuota> {
  const projects = new Map<number, ProjectQuota>();
  for (const line of output.split('\n')) {
    const match = ROW.exec(line.trim());
    if (!match) continue;
    const hard = Number(match[4]) * 1024;
    projects.set(Number(match[1]), {
      usedBytes: Number(match[2]) * 1024,
      hardLimitBytes: hard === 0 ? null : hard,
      inodes: Number(match[6]),
    });
  }
  return projects;
}
