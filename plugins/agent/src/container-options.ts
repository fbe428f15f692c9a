import { TesseraError, type AcceleratorContainerOptions } from '@tessera/core';

/** One accelerator's container options, named by its device key for error messages. */
export interface KeyedContainerOptions {
  key: string;
  options: AcceleratorContainerOptions | undefined;
}

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * Every accelerator's container options as one (what `KernelCreationExtra.container` carries):
 * device requests, device nodes and mounts are concatenated in the accelerators' order, groups and
 * security options without repeats; one accelerator asking for the host's IPC namespace gets it. Two accelerators asking for different OCI runtimes, or for one
 * container path from different host paths, cannot both be satisfied: refused, naming both.
 * Undefined when no accelerator has any.
 */
export function mergeContainerOptions(
  parts: KeyedContainerOptions[],
): AcceleratorContainerOptions | undefined {
  const merged: Required<Omit<AcceleratorContainerOptions, 'runtime' | 'ipcMode'>> &
    Pick<AcceleratorContainerOptions, 'runtime' | 'ipcMode'> = {
    deviceRequests: [],
    devices: [],
    mounts: [],
    groupAdd: [],
    securityOpt: [],
  };
  let runtimeOf: string | undefined;
  const mountSources = new Map<string, { source: string; key: string }>();
  let any = false;
  for (const { key, options } of parts) {
    if (!options) continue;
    any = true;
    merged.deviceRequests.push(...(options.deviceRequests ?? []));
    merged.devices.push(...(options.devices ?? []));
    for (const mount of options.mounts ?? []) {
      const earlier = mountSources.get(mount.target);
      if (earlier && earlier.source !== mount.source) {
        throw new TesseraError(
          'session-start-failed',
          `Accelerators "${earlier.key}" and "${key}" mount different host paths at ${mount.target} ` +
            `(${earlier.source} and ${mount.source})`,
          { target: mount.target, accelerators: [earlier.key, key] },
        );
      }
      if (earlier) continue;
      mountSources.set(mount.target, { source: mount.source, key });
      merged.mounts.push(mount);
    }
    merged.groupAdd.push(...(options.groupAdd ?? []));
    merged.securityOpt.push(...(options.securityOpt ?? []));
    if (options.ipcMode === 'host') merged.ipcMode = 'host';
    if (options.runtime !== undefined) {
      if (merged.runtime !== undefined && merged.runtime !== options.runtime) {
        throw new TesseraError(
          'session-start-failed',
          `Accelerators "${runtimeOf}" and "${key}" need different container runtimes ` +
            `("${merged.runtime}" and "${options.runtime}")`,
          { runtimes: { [runtimeOf!]: merged.runtime, [key]: options.runtime } },
        );
      }
      merged.runtime = options.runtime;
      runtimeOf = key;
    }
  }
  if (!any) return undefined;
  return {
    ...(merged.deviceRequests.length > 0 ? { deviceRequests: merged.deviceRequests } : {}),
    ...(merged.devices.length > 0 ? { devices: merged.devices } : {}),
    ...(merged.mounts.length > 0 ? { mounts: merged.mounts } : {}),
    ...(merged.runtime !== undefined ? { runtime: merged.runtime } : {}),
    ...(merged.groupAdd.length > 0 ? { groupAdd: unique(merged.groupAdd) } : {}),
    ...(merged.securityOpt.length > 0 ? { securityOpt: unique(merged.securityOpt) } : {}),
    ...(merged.ipcMode ? { ipcMode: merged.ipcMode } : {}),
  };
}
