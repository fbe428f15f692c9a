import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ConfigStore, ConfigWatchEvent, LogLevel } from '@tessera/core';
import { CommandFailure } from '../cli-errors';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { formatTable } from '../text-table';
import { flattenConfig, normalizePrefix, relativeKey, unflattenConfig } from './config-json';
import { openConfigStore, type OpenedConfigStore } from './open-config-store';

interface CommonFlags {
  manifest?: string;
  json?: boolean;
}

const CONFIG_HELP = `
Keys are slash-separated paths (config/redis/addr, volumes/default_host). A PREFIX names a path and
everything below it; "" is the whole store. get --prefix prints that subtree as JSON, where the key
"" holds the value stored at a path that also has children; put-json reads the same form.

Examples:
  $ tessera config put config/redis/addr 127.0.0.1:8110
  $ tessera config get config/redis/addr
  $ tessera config list config/plugins
  $ tessera config get --prefix "" > backup.json       # back up the whole store
  $ tessera config delete --prefix ""                  # restore: empty the store,
  $ tessera config put-json "" backup.json             #   then load the backup
  $ tessera config watch config/plugins                # one line per change, Ctrl-C to stop

The store is the one the manifest's config-store plugin serves (--manifest; default
manifests/halfstack.yaml when it exists, else manifests/all-in-one.yaml).`;

/** `tessera config get|put|put-json|delete|list|watch`: the shared config store, for operators. */
export function registerConfigCommand(program: Command, context: CommandContext): void {
  const config = program
    .command('config')
    .summary('read and change the shared config store (etcd in a cluster)')
    .description('Read, change, back up and watch the keys of the config store a deployment uses.');
  config.addHelpText('after', CONFIG_HELP);
  const verb = (name: string) =>
    config
      .command(name)
      .option('-m, --manifest <file>', 'deployment manifest whose config store to use')
      .option('--json', 'print JSON for scripts');

  verb('get')
    .summary('print the value of a key, or a subtree as JSON with --prefix')
    .argument('<key>', 'key, or path with --prefix ("" for everything)')
    .option('--prefix', 'print the key and everything below it as one JSON object')
    .action((key: string, flags: CommonFlags & { prefix?: boolean }) =>
      withStore(context, flags, async ({ store }) => {
        if (flags.prefix) return print(context, JSON.stringify(await readTree(store, key), null, 2));
        const value = await store.get(key);
        if (value === null) {
          if (flags.json) print(context, 'null');
          throw new CommandFailure(`no value at ${key}`);
        }
        print(context, flags.json ? JSON.stringify(value) : value);
      }),
    );

  verb('put')
    .summary('set a key')
    .argument('<key>', 'key')
    .argument('<value>', 'value (a string; JSON where structured)')
    .action((key: string, value: string, flags: CommonFlags) =>
      withStore(context, flags, ({ store }) => store.put(key, value)),
    );

  verb('put-json')
    .summary('set every key of a JSON file under a prefix (restores a backup)')
    .argument('<prefix>', 'path the file\'s keys go under ("" for the top)')
    .argument('<file>', 'JSON file, or - for standard input')
    .action(async (prefix: string, file: string, flags: CommonFlags) => {
      const entries = flattenConfig(readJson(context, file), prefix);
      return withStore(context, flags, async ({ store }) => {
        for (const [key, value] of entries) await store.put(key, value);
        print(context, flags.json ? JSON.stringify({ put: entries.length }) : `put ${entries.length} keys`);
      });
    });

  verb('delete')
    .summary('delete a key, or a path and everything below it with --prefix')
    .argument('<key>', 'key, or path with --prefix ("" for everything)')
    .option('--prefix', 'delete the key and every key below it')
    .action((key: string, flags: CommonFlags & { prefix?: boolean }) =>
      withStore(context, flags, async ({ store }) => {
        const deleted = flags.prefix ? await deletePath(store, key) : await deleteKey(store, key);
        print(context, flags.json ? JSON.stringify({ deleted }) : `deleted ${deleted} keys`);
      }),
    );

  verb('list')
    .summary('list the keys and values under a path')
    .argument('[prefix]', 'path ("" or omitted for everything)', '')
    .action((prefix: string, flags: CommonFlags) =>
      withStore(context, flags, async ({ store }) => {
        const entries = await readPath(store, prefix);
        if (flags.json)
          return print(context, JSON.stringify(entries.map(([key, value]) => ({ key, value }))));
        if (entries.length > 0) context.io.stdout.write(formatTable(['KEY', 'VALUE'], entries));
      }),
    );

  verb('watch')
    .summary('print one line per change under a path until Ctrl-C')
    .argument('[prefix]', 'path ("" or omitted for everything)', '')
    .action((prefix: string, flags: CommonFlags) =>
      withStore(context, flags, (opened) => watchPath(context, opened, prefix, flags.json === true), 'warn'),
    );
}

/**
 * Opens the store, runs the verb, closes the store; failures become one line and exit code 1.
 * Log lines stay quiet (the failure line says what went wrong) unless asked for.
 */
async function withStore(
  context: CommandContext,
  flags: CommonFlags,
  body: (opened: OpenedConfigStore) => Promise<void>,
  logLevel: LogLevel = 'silent',
): Promise<void> {
  const opened = await openConfigStore(context.io, {
    manifest: flags.manifest,
    logLevel: context.debug() ? 'debug' : logLevel,
  });
  try {
    await body(opened);
    context.finish(EXIT.ok);
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    const { formatError } = await import('@tessera/core');
    const failure = new CommandFailure(formatError(error));
    failure.cause = error; // --debug prints the chain
    throw failure;
  } finally {
    await opened.close();
  }
}

function print(context: CommandContext, text: string): void {
  context.io.stdout.write(`${text}\n`);
}

/** The key at `path` itself and every key below it, in key order. */
async function readPath(store: ConfigStore, path: string): Promise<Array<[string, string]>> {
  const base = normalizePrefix(path);
  if (base === '') return store.list('');
  const own = await store.get(base);
  const below = await store.list(`${base}/`);
  return own === null ? below : [[base, own], ...below];
}

async function readTree(store: ConfigStore, path: string) {
  const base = normalizePrefix(path);
  const entries = await readPath(store, base);
  return unflattenConfig(entries.map(([key, value]): [string, string] => [relativeKey(key, base)!, value]));
}

async function deleteKey(store: ConfigStore, key: string): Promise<number> {
  if ((await store.get(key)) === null) return 0;
  await store.delete(key);
  return 1;
}

async function deletePath(store: ConfigStore, path: string): Promise<number> {
  const base = normalizePrefix(path);
  if (base === '') return store.deletePrefix('');
  return (await deleteKey(store, base)) + (await store.deletePrefix(`${base}/`));
}

function readJson(context: CommandContext, file: string): unknown {
  const source = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(context.io.cwd, file), 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot read ${source}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommandFailure(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Prints changes under `path` until Ctrl-C; the "watching" line on stderr says the watch is live. */
async function watchPath(context: CommandContext, opened: OpenedConfigStore, path: string, json: boolean) {
  const base = normalizePrefix(path);
  const { io } = context;
  const show = (event: ConfigWatchEvent) => {
    if (relativeKey(event.key, base) === undefined) return;
    if (json) io.stdout.write(`${JSON.stringify(event)}\n`);
    else
      io.stdout.write(event.type === 'put' ? `put ${event.key} ${event.value}\n` : `delete ${event.key}\n`);
  };
  const interrupted = new Promise<void>((done) => {
    const stopListening = io.onInterrupt(() => {
      stopListening();
      done();
    });
  });
  const unwatch = await opened.store.watchPrefix(base, show);
  // An embedded store holds no socket open: keep the process alive until Ctrl-C.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  io.stderr.write(
    `tessera: watching ${base === '' ? 'every key' : base} in ${opened.manifest}; Ctrl-C to stop\n`,
  );
  try {
    await interrupted;
  } finally {
    clearInterval(keepAlive);
    await unwatch();
  }
}
