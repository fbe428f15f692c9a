import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Database } from '@tessera/core';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';

/** The database of a deployment, booted alone (the plugin providing `database` and what it requires). */
export interface DatabaseOfDeployment {
  database: Database;
  stop(): Promise<void>;
}

/**
 * Boots only the plugin of `manifest` that provides the `database` service. With `migrating`, the
 * plugin is told through its config (`pendingMigrations: ignore`, an environment override) not to
 * refuse a schema that lacks migrations, since applying them is the point. Kernel logs go to
 * stderr with --debug and nowhere otherwise: the command reports in its own words.
 */
export async function bootDatabaseOf(
  manifest: string,
  context: CommandContext,
  options: { migrating: boolean },
): Promise<DatabaseOfDeployment> {
  const { Kernel, validateDeployment } = await import('@tessera/core');
  const { io } = context;
  const path = resolve(io.cwd, manifest);
  let env = io.env;
  let deployment = await validateDeployment(path, { env, cwd: io.cwd });
  const provider = deployment.plugins.find((plugin) => plugin.provides.includes('database'));
  if (!provider) throw new Error(`${manifest} runs no plugin that provides the database service`);
  const id = provider.manifest.id;
  const schema = provider.manifest.configSchema as { properties?: Record<string, unknown> } | undefined;
  if (options.migrating && schema?.properties?.pendingMigrations) {
    env = { ...env, [`TESSERA_${id.toUpperCase().replace(/-/g, '_')}__PENDING_MIGRATIONS`]: 'ignore' };
    deployment = await validateDeployment(path, { env, cwd: io.cwd });
  }
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const kernel = new Kernel(deployment, {
    only: [id],
    logDestination: context.debug() ? io.stderr : discard,
  });
  await kernel.start();
  return { database: kernel.resolve<Database>('database'), stop: () => kernel.stop('command finished') };
}

/** One line for a failed command: a start-up that failed for one reason reports that reason. */
export async function reportFailure(error: unknown, context: CommandContext, prefix = ''): Promise<void> {
  const { AggregateStartError, formatError } = await import('@tessera/core');
  const single = error instanceof AggregateStartError && error.errors.length === 1 ? error.errors[0] : error;
  const text = formatError(single, { verbose: context.debug() });
  context.io.stderr.write(`tessera: ${prefix}${context.debug() ? text : text.replace(/\s*\n\s*/g, ' ')}\n`);
  context.finish(EXIT.failed);
}

/** `tessera schema migrate|status MANIFEST`: the database schema of a deployment. */
export function registerSchemaCommand(program: Command, context: CommandContext): void {
  const schema = program.command('schema').summary('bring the database schema of a deployment up to date');
  schema
    .command('migrate')
    .summary('apply the database migrations a deployment lacks')
    .description(
      'Start only the database plugin of a deployment and apply, in one transaction, the migrations\n' +
        'this version of Tessera ships that the database has not applied yet. Running it again does\n' +
        'nothing. Managers refuse to start on a PostgreSQL database with migrations pending.',
    )
    .argument('<manifest>', 'deployment manifest, e.g. manifests/halfstack.yaml')
    .action(async (manifest: string) => {
      const { io } = context;
      try {
        const { database, stop } = await bootDatabaseOf(manifest, context, { migrating: true });
        try {
          const applied = await database.schema.migrate();
          for (const name of applied) io.stdout.write(`applied ${name}\n`);
          io.stdout.write(
            applied.length ? `schema is up to date (${applied.length} applied)\n` : 'schema is up to date\n',
          );
        } finally {
          await stop();
        }
        context.finish(EXIT.ok);
      } catch (error) {
        await reportFailure(error, context);
      }
    });
  schema
    .command('status')
    .summary('list the database migrations a deployment lacks')
    .argument('<manifest>', 'deployment manifest, e.g. manifests/halfstack.yaml')
    .action(async (manifest: string) => {
      const { io } = context;
      try {
        const { database, stop } = await bootDatabaseOf(manifest, context, { migrating: true });
        try {
          const pending = await database.schema.pending();
          for (const name of pending) io.stdout.write(`pending ${name}\n`);
          if (pending.length === 0) io.stdout.write('schema is up to date\n');
        } finally {
          await stop();
        }
        context.finish(EXIT.ok);
      } catch (error) {
        await reportFailure(error, context);
      }
    });
}
