import { readdir } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { liveKernel, removeContainer, type BackendContext, type LiveKernel } from './backend-context';
import { ExitWatch } from './exit-watch';
import { CONTAINER_LABELS, networkName } from './labels';
import { attachRunner } from './runner-attachment';
import { ScratchDirectory } from './scratch-directory';

/** This scope's kernel containers, running or not. */
export function scopeContainers(context: BackendContext): Promise<Dockerode.ContainerInfo[]> {
  return context.docker.listContainers({
    all: true,
    filters: {
      label: [`${CONTAINER_LABELS.managed}=1`, `${CONTAINER_LABELS.scope}=${context.settings.scope}`],
    },
  });
}

/**
 * Attaches to a container an earlier process of this agent left running: reads its kernel.json,
 * connects to its runner again (or makes a new exec channel), holds its host ports and cores
 * again, counts it into its session's network and watches for its exit. A container that is not
 * running, has no readable record, or whose runner does not answer is removed with its scratch
 * directory, and undefined is answered.
 */
export async function reattachKernel(
  context: BackendContext,
  summary: Dockerode.ContainerInfo,
): Promise<LiveKernel | undefined> {
  const kernelId = summary.Labels?.[CONTAINER_LABELS.kernelId] ?? '';
  const log = context.log.child({ kernelId });
  const container = context.docker.getContainer(summary.Id);
  let scratch: ScratchDirectory | undefined;
  try {
    scratch = new ScratchDirectory(context.settings.scratchRoot, kernelId);
  } catch {
    scratch = undefined; // not a kernel id this backend would have made
  }
  const record = scratch ? await scratch.readRecord() : null;
  if (scratch && record && summary.State === 'running' && record.scope === context.settings.scope) {
    const watch = new ExitWatch(container, log);
    try {
      const runner = await attachRunner(
        context,
        { container, scratch, mode: record.runnerMode, watch, reattach: true },
        log,
      );
      context.ports.reserve(
        record.servicePorts.flatMap((p) => p.hostPorts.filter((h): h is number => h !== null)),
      );
      if (record.cpuSet) context.cores.reserve(kernelId, record.cpuSet);
      context.networks.adopt(
        record.spec.sessionId,
        kernelId,
        record.network ?? networkName(record.spec.sessionId),
      );
      log.info('kernel container re-attached', { containerId: summary.Id, runnerMode: record.runnerMode });
      return liveKernel(container, scratch, record, runner, watch);
    } catch (error) {
      watch.stop();
      log.warn('cannot re-attach a kernel container; removing it', { error: (error as Error).message });
    }
  } else {
    log.info('removing a kernel container that cannot be recovered', {
      containerId: summary.Id,
      state: summary.State,
      hasRecord: record !== null,
    });
  }
  await removeContainer(container);
  await scratch?.remove();
  return undefined;
}

/**
 * Removes scratch directories no kernel has: what a crash between two steps of a creation or a
 * destroy left. Directories whose record names another scope are another agent's and stay.
 */
export async function removeOrphanScratches(
  context: BackendContext,
  known: (kernelId: string) => boolean,
): Promise<void> {
  const entries = await readdir(context.settings.scratchRoot, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || known(entry.name)) continue;
    let scratch: ScratchDirectory;
    try {
      scratch = new ScratchDirectory(context.settings.scratchRoot, entry.name);
    } catch {
      continue;
    }
    const record = await scratch.readRecord();
    if (record && record.scope !== context.settings.scope) continue;
    context.log.info('removing a scratch directory without a kernel', { kernelId: entry.name });
    await scratch.remove();
  }
}
