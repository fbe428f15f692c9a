/** One row of `btrfs qgroup show --raw -re`: bytes, and limits (null: none). */
export interface QgroupRow {
  referenced: number;
  exclusive: number;
  maxReferenced: number | null;
  maxExclusive: number | null;
}

const ROW = /^(\d+\/\d+)\s+(\d+)\s+(\d+)\s+(\d+|none)\s+(\d+|none)(?:\s|$)/;

/**
 * Reads the table `btrfs qgroup show --raw -re <path>` prints: a header, a dashed rule, then one
 * row per qgroup (`<level>/<id> <rfer> <excl> <max_rfer> <max_excl> [path]`, the path column only
 * in newer btrfs-progs). Lines that are not rows (header, rule, warnings) are ignored.
 */
export function parseQgroupTable(output: string): Map<string, QgroupRow> {
  const rows = new Map<string, QgroupRow>();
  for (const line of output.split('\n')) {
    const match = ROW.exec(line.trim());
    if (!match) continue;
    rows.set(match[1]!, {
      referenced: Number(match[2]),
      exclusive: Number(match[3]),
      maxReferenced: limitValue(match[4]!),
      maxExclusive: limitValue(match[5]!),
    });
  }
  return rows;
}

function limitValue(text: string): number | null {
  return text === 'none' ? null : Number(text);
}
