import { sep } from 'node:path';
import { scanTree, type TreeTotals } from './tree-scan';

export interface TreeUsageOptions {
  /** A scan stops after this many directory entries (the totals are then a lower bound). */
  maxEntries: number;
  /** A result is reused for this long; 0 scans on every call. */
  ttlMs: number;
}

interface Entry {
  totals: Promise<TreeTotals>;
  expires: number;
}

/**
 * Bounded scans of directory trees with a short-lived cache: proxies ask for a folder's usage on
 * every upload and listing, and walking a big tree each time would be slow. Concurrent requests
 * for one tree share one scan. Writes the volume knows of (create, delete, clone, limit changes)
 * invalidate the tree and the trees around it; writes it does not see (uploads, kernels) show up
 * once the entry expires.
 */
export class TreeUsageCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: TreeUsageOptions) {}

  measure(path: string): Promise<TreeTotals> {
    const now = Date.now();
    const cached = this.entries.get(path);
    if (cached && cached.expires > now) return cached.totals;
    const totals = scanTree(path, this.options.maxEntries);
    this.entries.set(path, { totals, expires: now + this.options.ttlMs });
    // A failed scan is not remembered, nor a finished one when results are not to be reused.
    const forget = () => {
      if (this.entries.get(path)?.totals === totals) this.entries.delete(path);
    };
    totals.then(() => this.options.ttlMs <= 0 && forget(), forget);
    return totals;
  }

  /** Forgets `path`, the trees inside it and the trees that contain it. */
  invalidate(path: string): void {
    for (const key of this.entries.keys()) {
      if (key === path || key.startsWith(path + sep) || path.startsWith(key + sep)) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
