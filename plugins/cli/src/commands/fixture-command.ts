import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FixtureCounts } from '@tessera/core';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { bootDatabaseOf, reportFailure } from './schema-command';

function readJson(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function describeCounts(counts: FixtureCounts): string[] {
  const width = Math.max(0, ...Object.keys(counts).map((table) => table.length));
  return Object.entries(counts).map(
    ([table, { inserted, existing }]) =>
      `${table.padEnd(width)}  ${inserted} inserted, ${existing} already there`,
  );
}

/** `tessera fixture populate FILE --manifest MANIFEST`: loads domains, users, keypairs, ... */
export function registerFixtureCommand(program: Command, context: CommandContext): void {
  const fixture = program.command('fixture').summary('load fixtures into the database of a deployment');
  fixture
    .command('populate')
    .summary('load a fixture file (domains, users, keypairs, policies, resource groups, presets)')
    .description(
      'Load a JSON fixture file into the database of a deployment, in one transaction: rows whose key\n' +
        'exists already are left as they are, so loading a file twice changes nothing. A file with an\n' +
        'error is refused as a whole, naming the JSON path of the first problem. The file format is in\n' +
        'the README of @tessera/database.',
    )
    .argument('<file>', 'fixture file (JSON)')
    .requiredOption('--manifest <manifest>', 'deployment manifest whose database to load into')
    .action(async (file: string, flags: { manifest: string }) => {
      const { io } = context;
      let data: unknown;
      try {
        data = readJson(file, io.cwd);
      } catch (error) {
        return reportFailure(error, context);
      }
      try {
        const { database, stop } = await bootDatabaseOf(flags.manifest, context, { migrating: false });
        try {
          const counts = await database.fixtures.populate(data);
          for (const line of describeCounts(counts)) io.stdout.write(`${line}\n`);
          const inserted = Object.values(counts).reduce((sum, table) => sum + table.inserted, 0);
          io.stdout.write(`loaded ${file}: ${inserted} rows inserted\n`);
        } finally {
          await stop();
        }
        context.finish(EXIT.ok);
      } catch (error) {
        const code = (error as { code?: string }).code;
        await reportFailure(error, context, code === 'fixture-invalid' ? `${file}: ` : '');
      }
    });
}
