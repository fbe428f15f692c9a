import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * nvidia-smi prints PCI bus ids with an 8-digit domain in upper case (`00000000:07:00.0`); sysfs
 * names devices with a 4-digit domain in lower case (`0000:07:00.0`).
 */
export function sysfsBusId(pciBusId: string): string {
  const match = /^([0-9a-f]+):([0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f])$/i.exec(pciBusId.trim());
  if (!match) return pciBusId.toLowerCase();
  return `${match[1]!.slice(-4).padStart(4, '0')}:${match[2]}`.toLowerCase();
}

/**
 * The NUMA node of a PCI device from `<sysfsRoot>/bus/pci/devices/<bus>/numa_node`; null when the
 * file is missing or says -1 (a host without NUMA).
 */
export async function pciNumaNode(sysfsRoot: string, pciBusId: string): Promise<number | null> {
  const file = join(sysfsRoot, 'bus', 'pci', 'devices', sysfsBusId(pciBusId), 'numa_node');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const node = text === undefined ? NaN : Number.parseInt(text.trim(), 10);
  return Number.isInteger(node) && node >= 0 ? node : null;
}
