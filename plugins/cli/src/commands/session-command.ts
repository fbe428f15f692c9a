import { apiClient } from '../api-client';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Client, type SessionEvent, type UploadFile } from '@tessera/client';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context';
import { CommandFailure, UsageError } from '../cli-errors';
import { cell, formatSlots, humanBytes, onSession, printJson, TransferProgress } from '../cli-output';
import { EXIT } from '../failure-report';
import { formatTable } from '../text-table';
import { addSessionCommitCommand } from './session-commit-command';
import { addSessionListCommand } from './session-list-command';
import { addTerminalCommand } from './terminal-command';

const MAX_UPLOAD_FILE = 1024 * 1024;
const DOWNLOAD_BATCH = 5;
const ENDING_EVENTS = new Set(['session_terminated', 'session_cancelled']);
const OVER = new Set(['TERMINATED', 'ERROR', 'CANCELLED']);

const HELP = `
SESSION is a session name or id. Every verb prints a table or text for people and takes --json for scripts.

Examples:
  $ tessera session info mysess
  $ tessera session events mysess --follow
  $ tessera session upload mysess data.csv src/main.py
  $ tessera session download mysess out/result.txt --dest ./results
  $ tessera session ls mysess /home/work/out
  $ tessera session terminal mysess
  $ tessera session commit mysess --wait`;

/** `tessera session <verb>` (after Backend.AI's `session` group) and its alias `tessera ps`. */
export function registerSessionCommand(program: Command, context: CommandContext): void {
  addSessionListCommand(program, 'ps', context);
  const session = program
    .command('session')
    .summary('inspect and manage sessions (list, info, logs, events, files, ...)')
    .description('Inspect and manage compute sessions through the Backend.AI API.')
    .addHelpText('after', HELP);
  addSessionListCommand(session, 'list', context);
  addTerminalCommand(session, context);
  addSessionCommitCommand(session, context);
  const client = (): Promise<Client> => apiClient(context.io);
  const { io } = context;

  session
    .command('info')
    .summary("a session's details")
    .argument('<session>', 'session name or id')
    .option('--json', 'print the whole GET /session/:id answer')
    .action(async (reference: string, flags: { json?: boolean }) => {
      const info = await onSession(reference, async () => (await client()).getSession(reference));
      if (flags.json) printJson(io, info);
      else io.stdout.write(formatTable(['FIELD', 'VALUE'], infoRows(info)));
      context.finish(EXIT.ok);
    });

  session
    .command('logs')
    .summary("the console log of a session's main kernel")
    .argument('<session>', 'session name or id')
    .option('--kernel <id>', 'another kernel of the session (its UUID)')
    .option('--json', 'print {"logs": "..."}')
    .action(async (reference: string, flags: { kernel?: string; json?: boolean }) => {
      const logs = await onSession(reference, async () =>
        (await client()).getLogs(reference, { kernelId: flags.kernel }),
      );
      if (flags.json) printJson(io, { logs });
      else io.stdout.write(logs.endsWith('\n') || logs === '' ? logs : `${logs}\n`);
      context.finish(EXIT.ok);
    });

  session
    .command('events')
    .summary("a session's lifecycle events as they happen")
    .description(
      "Print a session's lifecycle events (GET /events/session) as they happen. Without --follow the command\n" +
        'ends when the session ends (session_terminated or session_cancelled); with it, it runs until Ctrl-C.',
    )
    .argument('<session>', 'session name or id')
    .option('-o, --owner <access-key>', "the owner's access key (admins acting for another keypair)")
    .addOption(
      new Option('--scope <scope>', 'only session or only kernel events')
        .choices(['*', 'session', 'kernel'])
        .default('*'),
    )
    .option('--follow', 'keep streaming after the session ended')
    .option('--json', 'print one JSON object per event and line: {"id", "event", "data"}')
    .action(
      async (
        reference: string,
        flags: { owner?: string; scope: '*' | 'session' | 'kernel'; follow?: boolean; json?: boolean },
      ) => {
        const api = await client();
        const info = await onSession(reference, () => api.getSession(reference, {}));
        const sessionId = String(info.sessionId ?? reference);
        if (!flags.follow && OVER.has(String(info.status))) {
          io.stderr.write(
            `∙ session ${reference} is already ${String(info.status)}; no more events will come (--follow waits anyway)\n`,
          );
          context.finish(EXIT.ok);
          return;
        }
        const cancel = new AbortController();
        const stop = io.onInterrupt(() => cancel.abort());
        let exitCode: number = EXIT.ok;
        try {
          const events = api.sessionEvents({
            sessionId,
            ownerAccessKey: flags.owner,
            scope: flags.scope,
            signal: cancel.signal,
            onComment: (text) => {
              if (/resumable/i.test(text)) io.stderr.write(`∙ ${text}\n`);
            },
            onOpen: (resumedFrom) =>
              io.stderr.write(
                resumedFrom === undefined
                  ? `∙ listening for events of session ${reference} (Ctrl-C to stop)\n`
                  : `∙ reconnected, resuming after event ${resumedFrom}\n`,
              ),
          });
          for await (const event of events) {
            io.stdout.write(flags.json ? `${JSON.stringify(event)}\n` : eventLine(event));
            if (!flags.follow && ENDING_EVENTS.has(event.event)) break;
          }
        } catch (error) {
          if (!cancel.signal.aborted) throw error;
          exitCode = EXIT.interrupted;
        } finally {
          stop();
        }
        context.finish(exitCode);
      },
    );

  session
    .command('status-history')
    .summary('when the session reached each status')
    .argument('<session>', 'session name or id')
    .option('--json', 'print {"STATUS": "<ISO time>", ...}')
    .action(async (reference: string, flags: { json?: boolean }) => {
      const history = await onSession(reference, async () => (await client()).statusHistory(reference));
      if (flags.json) printJson(io, history);
      else {
        const rows = Object.entries(history)
          .sort(([, a], [, b]) => String(a).localeCompare(String(b)))
          .map(([status, time]) => [status, cell(time)]);
        io.stdout.write(formatTable(['STATUS', 'TIME'], rows));
      }
      context.finish(EXIT.ok);
    });

  session
    .command('rename')
    .summary('give a running session a new name')
    .argument('<session>', 'session name or id')
    .argument('<new-name>', 'the new name (4-64 letters, digits, "-", "_" or ".")')
    .option('--json', 'print {"session", "name"}')
    .action(async (reference: string, name: string, flags: { json?: boolean }) => {
      await onSession(reference, async () => (await client()).renameSession(reference, name));
      if (flags.json) printJson(io, { session: reference, name });
      else io.stdout.write(`session ${reference} renamed to ${name}\n`);
      context.finish(EXIT.ok);
    });

  session
    .command('interrupt')
    .summary('interrupt what the main kernel is running (SIGINT)')
    .argument('<session>', 'session name or id')
    .option('--json', 'print {"session", "interrupted": true}')
    .action(async (reference: string, flags: { json?: boolean }) => {
      await onSession(reference, async () => (await client()).interrupt(reference));
      if (flags.json) printJson(io, { session: reference, interrupted: true });
      else io.stdout.write(`interrupt sent to session ${reference}\n`);
      context.finish(EXIT.ok);
    });

  session
    .command('upload')
    .summary("upload local files into the session's /home/work")
    .description(
      "Upload files into the session's /home/work, at the same path relative to the current folder\n" +
        '(data/a.csv goes to /home/work/data/a.csv). Each file may be at most 1 MiB.',
    )
    .argument('<session>', 'session name or id')
    .argument('<files...>', 'local files, relative to the current folder')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--json', 'print {"uploaded": [{"name", "size"}]}')
    .action(async (reference: string, paths: string[], flags: { quiet?: boolean; json?: boolean }) => {
      const files = await readUploads(io.cwd, paths);
      const total = files.reduce((sum, file) => sum + file.content.length, 0);
      const progress = new TransferProgress(io, 'uploading', flags.quiet || flags.json);
      await onSession(reference, async () =>
        (await client()).upload(reference, files, { onProgress: (done, all) => progress.update(done, all) }),
      );
      progress.done(`uploaded ${files.length} file(s), ${humanBytes(total)}, to session ${reference}`);
      if (flags.json)
        printJson(io, { uploaded: files.map((file) => ({ name: file.name, size: file.content.length })) });
      context.finish(EXIT.ok);
    });

  session
    .command('download')
    .summary("download files or folders from the session's /home/work")
    .argument('<session>', 'session name or id')
    .argument('<paths...>', 'paths in the session, relative to /home/work or absolute under it')
    .option('--dest <folder>', 'where to put them', '.')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--json', 'print {"dest", "files": [{"path", "size"}]}')
    .action(
      async (
        reference: string,
        paths: string[],
        flags: { dest: string; quiet?: boolean; json?: boolean },
      ) => {
        const dest = resolve(io.cwd, flags.dest);
        const api = await client();
        const progress = new TransferProgress(io, 'downloading', flags.quiet || flags.json);
        const written: Array<{ path: string; size: number }> = [];
        let received = 0;
        for (let first = 0; first < paths.length; first += DOWNLOAD_BATCH) {
          const batch = paths.slice(first, first + DOWNLOAD_BATCH);
          const before = received;
          const archives = await onSession(reference, () =>
            api.download(reference, batch, {
              onProgress: (done) => {
                received = before + done;
                progress.update(received, null);
              },
            }),
          );
          for (const entry of archives.flat()) {
            if (entry.path === '') continue;
            const target = join(dest, ...entry.path.split('/'));
            if (entry.type === 'directory') await mkdir(target, { recursive: true });
            else if (entry.type === 'file') {
              await mkdir(dirname(target), { recursive: true });
              await writeFile(target, entry.content);
              written.push({ path: relative(io.cwd, target) || target, size: entry.content.length });
            }
          }
        }
        const bytes = written.reduce((sum, file) => sum + file.size, 0);
        progress.done(`downloaded ${written.length} file(s), ${humanBytes(bytes)}, to ${dest}`);
        if (flags.json) printJson(io, { dest, files: written });
        context.finish(EXIT.ok);
      },
    );

  session
    .command('ls')
    .summary('list a folder in the session')
    .argument('<session>', 'session name or id')
    .argument('[path]', 'the folder, relative to /home/work or absolute under it', '/home/work')
    .option('--json', 'print {"path", "files": [...]} with every field the kernel reports')
    .action(async (reference: string, path: string, flags: { json?: boolean }) => {
      const listing = await onSession(reference, async () => (await client()).listFiles(reference, path));
      if (listing.errors)
        throw new CommandFailure(`cannot list ${path} in session ${reference}: ${listing.errors}`);
      if (flags.json) printJson(io, { path: listing.path, files: listing.files });
      else {
        const rows = listing.files.map((file) => [
          file.type === 'directory' ? `${file.filename}/` : file.filename,
          file.type === 'directory' ? '-' : humanBytes(file.size),
          new Date(file.mtime * 1000)
            .toISOString()
            .replace('T', ' ')
            .replace(/\.\d+Z$/, 'Z'),
          file.mode,
        ]);
        io.stdout.write(formatTable(['NAME', 'SIZE', 'MODIFIED', 'MODE'], rows));
      }
      context.finish(EXIT.ok);
    });
}

function infoRows(info: Record<string, unknown>): string[][] {
  const kernels = Array.isArray(info.kernels) ? (info.kernels as Array<Record<string, unknown>>) : [];
  const ports = Array.isArray(info.servicePorts) ? (info.servicePorts as Array<Record<string, unknown>>) : [];
  const rows: Array<[string, unknown]> = [
    ['Session ID', info.sessionId],
    ['Name', info.sessionName],
    ['Status', info.status],
    ['Status info', info.statusInfo],
    ['Result', info.result],
    ['Image', info.image ?? info.lang],
    ['Architecture', info.architecture],
    ['Type', info.type],
    ['Tag', info.tag],
    ['Domain', info.domainName],
    ['Project', info.groupName],
    ['Access key', info.accessKey],
    ['Resource group', info.resourceGroup],
    ['Created', info.creationTime],
    ['Terminated', info.terminationTime],
    ['Requested slots', formatSlots(info.requestedSlots)],
    ['Occupied slots', formatSlots(info.occupiedSlots)],
    [
      'Kernels',
      kernels.map((kernel) => `${String(kernel.hostname ?? kernel.role)}:${String(kernel.status)}`).join(' '),
    ],
    ['Service ports', ports.map((port) => `${String(port.name)}/${String(port.protocol)}`).join(' ')],
  ];
  return rows.map(([field, value]) => [field, cell(value)]);
}

function eventLine(event: SessionEvent): string {
  const data = event.data;
  const kernel = data.clusterRole ? `${data.clusterRole}${data.clusterIdx ?? ''}` : '-';
  const extra = [
    data.reason ? `reason=${data.reason}` : '',
    data.exitCode !== null && data.exitCode !== undefined ? `exitCode=${data.exitCode}` : '',
    data.result && data.result !== 'UNDEFINED' ? `result=${data.result}` : '',
  ].filter(Boolean);
  return (
    `${event.event.padEnd(20)} ${String(data.sessionName).padEnd(16)} ${kernel.padEnd(7)} ${extra.join(' ')}`.trimEnd() +
    '\n'
  );
}

async function readUploads(cwd: string, paths: string[]): Promise<Array<UploadFile & { content: Buffer }>> {
  const files: Array<UploadFile & { content: Buffer }> = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    const inSession = relative(cwd, full);
    if (inSession.startsWith('..') || isAbsolute(inSession)) {
      throw new UsageError(`${path} is outside the current folder; files are uploaded relative to it`);
    }
    const info = await stat(full).catch(() => {
      throw new UsageError(`${path}: no such file`);
    });
    if (!info.isFile())
      throw new UsageError(`${path} is not a regular file (folders are not uploaded; name the files)`);
    if (info.size > MAX_UPLOAD_FILE) {
      throw new UsageError(
        `${path} has ${humanBytes(info.size)}; a file may be at most 1 MiB (use a virtual folder for large files)`,
      );
    }
    files.push({ name: inSession.split(sep).join('/'), content: await readFile(full) });
  }
  return files;
}
