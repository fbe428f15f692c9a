import type { CommandRunner } from '@tessera/core';

/** The discovery command's arguments. */
export const INVENTORY_ARGS = [
  '--showid',
  '--showuniqueid',
  '--showproductname',
  '--showmeminfo',
  'vram',
  '--showbus',
  '--json',
] as const;

/** The measures command's arguments. */
export const MEASURE_ARGS = ['--showuse', '--showmeminfo', 'vram', '--showbus', '--json'] as const;

/** One GPU (`cardN`) as `rocm-smi --json` reports it. */
export interface RocmCard {
  /** N of `cardN`. */
  index: number;
  /** `0000:c1:00.0` (lower case). */
  pciBus: string;
  /** `Card Series` (`Card series` before ROCm 6), else `Device Name`. */
  name: string;
  /** `Device ID` (`GPU ID` before ROCm 6), e.g. `0x740f`. */
  deviceId: string | null;
  /** `Unique ID`, e.g. `0x9f3b1e6a2c4d5e70`; null when the GPU has none (`N/A`). */
  uniqueId: string | null;
  vramTotal: number;
  vramUsed: number | null;
  /** `GPU use (%)`. */
  utilization: number | null;
}

type CardFields = Record<string, unknown>;

/** A field by the first of its names present, case-insensitively (names changed between ROCm releases). */
function field(card: CardFields, ...names: string[]): string | null {
  const keys = new Map(Object.keys(card).map((key) => [key.toLowerCase(), key]));
  for (const name of names) {
    const key = keys.get(name.toLowerCase());
    if (key === undefined) continue;
    const text = String(card[key]).trim();
    return text === '' || /^N\/A$/i.test(text) ? null : text;
  }
  return null;
}

function number(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Parses rocm-smi's `--json` output: an object with a `cardN` entry per GPU (other keys, such
 * as `system`, are ignored). Refuses text that is not JSON, saying what it got.
 */
export function parseRocmSmiJson(stdout: string): RocmCard[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new Error(`rocm-smi --json: not JSON: ${JSON.stringify(stdout.slice(0, 120))}`);
  }
  if (typeof data !== 'object' || data === null)
    throw new Error('rocm-smi --json: expected an object of cards');
  const cards: RocmCard[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const match = /^card(\d+)$/.exec(key);
    if (!match || typeof value !== 'object' || value === null) continue;
    const card = value as CardFields;
    cards.push({
      index: Number(match[1]),
      pciBus: (field(card, 'PCI Bus') ?? '').toLowerCase(),
      name: field(card, 'Card Series', 'Card series', 'Device Name') ?? 'AMD GPU',
      deviceId: field(card, 'Device ID', 'GPU ID'),
      uniqueId: field(card, 'Unique ID'),
      vramTotal: number(field(card, 'VRAM Total Memory (B)')) ?? 0,
      vramUsed: number(field(card, 'VRAM Total Used Memory (B)')),
      utilization: number(field(card, 'GPU use (%)')),
    });
  }
  return cards.sort((a, b) => a.index - b.index);
}

/** The ROCm version from `rocm-smi --showdriverversion --json` (`Driver version`), if it tells. */
export function parseDriverVersion(stdout: string): string | null {
  try {
    const data = JSON.parse(stdout) as Record<string, CardFields>;
    for (const entry of Object.values(data)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const version = field(entry, 'Driver version');
      if (version) return version;
    }
  } catch {
    return null;
  }
  return null;
}

export async function runRocmSmi(
  run: CommandRunner,
  rocmSmi: string,
  args: readonly string[],
): Promise<RocmCard[]> {
  const result = await run(rocmSmi, args);
  if (result.exitCode !== 0) {
    const output = (result.stderr.trim() || result.stdout.trim()).split('\n')[0] ?? '';
    throw new Error(`rocm-smi ${args.join(' ')} exited with ${result.exitCode}: ${output}`);
  }
  return parseRocmSmiJson(result.stdout);
}
