import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { formatTable } from '../text-table';
import { registerPluginNewCommand } from './plugin-new-command';

interface PluginRow {
  id: string;
  kind: string;
  name: string | null;
  package: string;
  version: string;
  contract: string;
  roles: string[];
  description: string | null;
  /** Service ids it offers, needs and uses when present. */
  provides: string[];
  requires: string[];
  optional: string[];
  /** Extension points it owns and those it contributes to. */
  extensionPoints: string[];
  contributes: string[];
  dir: string;
  problems: string[];
}

/** `tessera plugins list`: every installed plugin, read from package.json files only. */
export function registerPluginsCommand(program: Command, context: CommandContext): void {
  const plugins = program
    .command('plugins')
    .alias('plugin')
    .summary('inspect installed plugins, create new ones');
  registerPluginNewCommand(plugins, context);
  plugins
    .command('list')
    .summary('list the plugins installed here')
    .description(
      'List every Tessera plugin visible from the current folder (its node_modules and those above),\n' +
        'read from package.json without running plugin code. Plugins the kernel would refuse are flagged.\n' +
        'EXTENDS says which extension points a plugin owns (a host) and which hosts it contributes to;\n' +
        '--json lists them with the services each plugin provides, requires and uses when present.',
    )
    .option('--json', 'print JSON (one array) instead of a table')
    .action(async (flags: { json?: boolean }) => {
      const { io } = context;
      const { discoverPlugins } = await import('@tessera/core');
      const rows = (await discoverPlugins({ cwd: io.cwd })).map(toRow);
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return context.finish(EXIT.ok);
      }
      if (rows.length === 0) {
        io.stderr.write('tessera: no plugins found (run npm install in the project folder)\n');
        return context.finish(EXIT.ok);
      }
      const header = ['ID', 'KIND', 'NAME', 'PACKAGE', 'VERSION', 'CONTRACT', 'ROLES', 'EXTENDS'];
      const cells = rows.map((row) => [
        row.problems.length > 0 ? `${row.id} (!)` : row.id,
        row.kind,
        row.name ?? '-',
        row.package,
        row.version,
        row.contract,
        row.roles.join(',') || '-',
        extendsCell(row),
      ]);
      io.stdout.write(formatTable(header, cells));
      for (const row of rows) {
        for (const problem of row.problems) io.stderr.write(`tessera: (!) ${row.package}: ${problem}\n`);
      }
      context.finish(EXIT.ok);
    });
}

/** Where a plugin sits among extension points: `owns N` for a host, the hosts' points it feeds otherwise. */
function extendsCell(row: PluginRow): string {
  const owns = row.extensionPoints.length > 0 ? [`owns ${row.extensionPoints.length}`] : [];
  const hosts = [...new Set(row.contributes.map((point) => point.split('/')[0]!))].map(
    (host) => `-> ${host}`,
  );
  return [...owns, ...hosts].join(' ') || '-';
}

/** A plugin's manifest may be broken (that is what `problems` reports), so nothing is trusted. */
function toRow(plugin: {
  packageName: string;
  version: string;
  dir: string;
  manifest: unknown;
  problems: string[];
}): PluginRow {
  const manifest = (
    typeof plugin.manifest === 'object' && plugin.manifest !== null ? plugin.manifest : {}
  ) as Record<string, unknown>;
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  return {
    id: text(manifest.id) ?? '?',
    kind: text(manifest.kind) ?? '?',
    name: text(manifest.name),
    package: plugin.packageName,
    version: plugin.version,
    contract: text(manifest.contract) ?? '?',
    roles: list(manifest.roles),
    description: text(manifest.description),
    provides: list(manifest.provides),
    requires: list(manifest.requires),
    optional: list(manifest.optional),
    extensionPoints: list(manifest.extensionPoints),
    contributes: list(manifest.contributes),
    dir: plugin.dir,
    problems: plugin.problems,
  };
}
