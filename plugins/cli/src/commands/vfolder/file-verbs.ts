import type { Command } from 'commander';
import { humanBytes, printJson } from '../../cli-output';
import type { CommandContext } from '../../command-context';
import { printRows } from '../admin/admin-support';
import { verbAction, type JsonFlag } from '../admin/admin-verbs';
import { report, vfolders } from './vfolder-support';

/** `ls`, `mkdir`, `rm`, `mv` and `rename-file`: files inside a folder. */
export function registerFileVerbs(group: Command, context: CommandContext): void {
  const { io } = context;

  group
    .command('ls')
    .alias('files')
    .description('The entries of a directory in a folder')
    .argument('<name>', 'the folder name')
    .argument('[path]', 'a directory in the folder', '.')
    .option('--json', 'print the entries as JSON')
    .action(
      verbAction(context, async (name: string, path: string, flags: JsonFlag) => {
        const items = await (await vfolders(io)).files(name, path);
        if (flags.json) return printJson(io, items);
        printRows(
          io,
          items,
          [
            { key: 'name', header: 'NAME' },
            { key: 'type', header: 'TYPE' },
            {
              key: 'size',
              header: 'SIZE',
              format: (value) => (typeof value === 'number' ? humanBytes(value) : '-'),
            },
            { key: 'mode', header: 'MODE' },
            { key: 'modified', header: 'MODIFIED' },
          ],
          { what: `entries in ${name}:${path}` },
        );
      }),
    );

  group
    .command('mkdir')
    .description('Make directories in a folder')
    .argument('<name>', 'the folder name')
    .argument('<paths...>', 'directories to make, relative to the folder root')
    .option('-p, --parents', 'make missing parents too')
    .option('-e, --exist-ok', 'no error when a directory exists already')
    .option('--json', 'print the paths made as JSON')
    .action(
      verbAction(
        context,
        async (name: string, paths: string[], flags: JsonFlag & { parents?: boolean; existOk?: boolean }) => {
          const api = await vfolders(io);
          for (const path of paths)
            await api.mkdir(name, path, { parents: flags.parents, existOk: flags.existOk });
          report(io, flags.json, `made ${paths.map((path) => `${name}:${path}`).join(', ')}`, {
            created: paths,
          });
        },
      ),
    );

  group
    .command('rm')
    .alias('delete-file')
    .description('Delete files (and, with -r, directories) in a folder; this cannot be undone')
    .argument('<name>', 'the folder name')
    .argument('<paths...>', 'paths relative to the folder root')
    .option('-r, --recursive', 'delete directories with their contents')
    .option('--json', 'print the paths deleted as JSON')
    .action(
      verbAction(
        context,
        async (name: string, paths: string[], flags: JsonFlag & { recursive?: boolean }) => {
          await (await vfolders(io)).deleteFiles(name, paths, { recursive: flags.recursive });
          report(io, flags.json, `deleted ${paths.map((path) => `${name}:${path}`).join(', ')}`, {
            deleted: paths,
          });
        },
      ),
    );

  group
    .command('mv')
    .alias('move')
    .description('Move a file or directory inside a folder')
    .argument('<name>', 'the folder name')
    .argument('<src>', 'the path to move')
    .argument('<dst>', 'where it goes')
    .option('--json', 'print {src, dst} as JSON')
    .action(
      verbAction(context, async (name: string, src: string, dst: string, flags: JsonFlag) => {
        await (await vfolders(io)).move(name, src, dst);
        report(io, flags.json, `moved ${name}:${src} to ${name}:${dst}`, { src, dst });
      }),
    );

  group
    .command('rename-file')
    .description('Give a file or directory a new name in the same directory')
    .argument('<name>', 'the folder name')
    .argument('<path>', 'the file or directory')
    .argument('<new-name>', 'its new name (no slash)')
    .option('--dir', 'the path is a directory')
    .option('--json', 'print {path, new_name} as JSON')
    .action(
      verbAction(
        context,
        async (name: string, path: string, newName: string, flags: JsonFlag & { dir?: boolean }) => {
          await (await vfolders(io)).renameFile(name, path, newName, { isDir: flags.dir });
          report(io, flags.json, `renamed ${name}:${path} to ${newName}`, { path, new_name: newName });
        },
      ),
    );
}
