import { access, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

function pciDevice(sysfsRoot: string, pciBus: string): string {
  return join(sysfsRoot, 'bus', 'pci', 'devices', pciBus.toLowerCase());
}

/** The NUMA node of a PCI device; null when sysfs does not tell or says -1. */
export async function pciNumaNode(sysfsRoot: string, pciBus: string): Promise<number | null> {
  const text = await readFile(join(pciDevice(sysfsRoot, pciBus), 'numa_node'), 'utf8').catch(() => undefined);
  const node = text === undefined ? NaN : Number.parseInt(text.trim(), 10);
  return Number.isInteger(node) && node >= 0 ? node : null;
}

/** The render nodes of a GPU (`renderD128`), from `<sysfs>/bus/pci/devices/<bus>/drm/`. */
export async function renderNodes(sysfsRoot: string, pciBus: string): Promise<string[]> {
  const entries = await readdir(join(pciDevice(sysfsRoot, pciBus), 'drm')).catch(() => [] as string[]);
  return entries.filter((name) => /^renderD\d+$/.test(name)).sort();
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
