import type { TaskProgress } from '@tessera/manager';
import type { FolderKit } from './folder-kit';

/**
 * Runs one long proxy operation inside a background task: each NDJSON progress line (running
 * totals of bytes and files) becomes a `bgtask_updated` with the files done since the last one.
 */
export async function runWithProgress(
  kit: FolderKit,
  host: string,
  path: string,
  body: Record<string, unknown>,
  progress: TaskProgress,
  verb: string,
): Promise<void> {
  let files = 0;
  await kit.proxies.stream(
    host,
    path,
    body,
    async (report) => {
      const step = Math.max(0, report.files - files);
      files = Math.max(files, report.files);
      await progress.advance(step, `${report.files} files, ${report.bytes} bytes ${verb}`);
    },
    progress.signal,
  );
}
