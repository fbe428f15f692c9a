import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { reportFailure } from './schema-command';

/** The service the manager provides its admin schema as (@tessera/manager's AdminGraphQLSchema). */
interface AdminGraphQLSchema {
  sdl(): string | null;
}

/**
 * The SDL of the admin GraphQL schema a deployment serves: boots the manager of `manifest` and
 * the plugins that contribute GraphQL types (and what they require) on a scratch data directory,
 * with the API on a free loopback port, reads the schema the manager built, and stops.
 */
async function schemaOf(manifest: string, context: CommandContext): Promise<string> {
  const { Kernel, validateDeployment } = await import('@tessera/core');
  const { io } = context;
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-graphql-schema-'));
  try {
    const env = {
      ...io.env,
      TESSERA_DATA_DIR: dataDir,
      TESSERA_MANAGER__SERVICE__HOST: '127.0.0.1',
      TESSERA_MANAGER__SERVICE__PORT: '0',
    };
    const deployment = await validateDeployment(resolve(io.cwd, manifest), { env, cwd: io.cwd });
    const graphql = deployment.plugins.filter(
      (plugin) =>
        plugin.provides.includes('admin-graphql-schema') ||
        (plugin.manifest.contributes ?? []).includes('manager/graphql-types'),
    );
    if (!graphql.some((plugin) => plugin.provides.includes('admin-graphql-schema')))
      throw new Error(`${manifest} runs no manager (no plugin provides the admin-graphql-schema service)`);
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    const kernel = new Kernel(deployment, {
      only: graphql.map((plugin) => plugin.manifest.id),
      logDestination: context.debug() ? io.stderr : discard,
    });
    await kernel.start();
    try {
      const sdl = kernel.resolve<AdminGraphQLSchema>('admin-graphql-schema').sdl();
      if (sdl === null) throw new Error(`the manager of ${manifest} serves no GraphQL types`);
      return sdl;
    } finally {
      await kernel.stop('command finished');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `tessera graphql schema`: the admin GraphQL schema as SDL, printed, written or checked. */
export function registerGraphqlCommand(program: Command, context: CommandContext): void {
  const graphql = program.command('graphql').summary('the admin GraphQL API of a deployment');
  graphql
    .command('schema')
    .summary('print the admin GraphQL schema (SDL) a deployment serves')
    .description(
      'Boot the manager of a deployment (and the plugins contributing GraphQL types) on a scratch\n' +
        'data directory and print the schema it serves, types sorted by name. With --check FILE,\n' +
        'compare it with FILE instead and fail when they differ (docs/graphql/schema.graphql is\n' +
        'checked in, so schema changes show in review).',
    )
    .option('-m, --manifest <path>', 'deployment manifest', join('manifests', 'all-in-one.yaml'))
    .option('-o, --output <file>', 'write the SDL to this file instead of stdout')
    .option('--check <file>', 'exit 1 when FILE differs from the schema served')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tessera graphql schema -o docs/graphql/schema.graphql\n  $ tessera graphql schema --check docs/graphql/schema.graphql',
    )
    .action(async (options: { manifest: string; output?: string; check?: string }) => {
      const { io } = context;
      let sdl: string;
      try {
        sdl = await schemaOf(options.manifest, context);
      } catch (error) {
        return reportFailure(error, context, 'cannot read the GraphQL schema: ');
      }
      if (options.check !== undefined) {
        const path = resolve(io.cwd, options.check);
        let current: string | null = null;
        try {
          current = readFileSync(path, 'utf8');
        } catch {
          // Missing: reported as stale below.
        }
        if (current === sdl) {
          io.stdout.write(`${options.check} is up to date\n`);
          return context.finish(EXIT.ok);
        }
        io.stderr.write(
          `tessera: ${options.check} is stale: the schema served differs; regenerate it with\n` +
            `  tessera graphql schema -o ${options.check}\n`,
        );
        return context.finish(EXIT.failed);
      }
      if (options.output !== undefined) {
        writeFileSync(resolve(io.cwd, options.output), sdl);
        io.stderr.write(`wrote ${options.output}\n`);
      } else io.stdout.write(sdl);
      context.finish(EXIT.ok);
    });
}
