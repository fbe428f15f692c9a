import { Command } from 'commander';
import type { CliIo } from './cli-io';
import type { CommandContext } from './command-context';
import { registerAdminCommand } from './commands/admin-command';
import { registerConfigCommand } from './commands/config-command';
import { registerLoginCommands } from './commands/login-command';
import { registerManifestCommand } from './commands/manifest-command';
import { registerPluginsCommand } from './commands/plugins-command';
import { registerRmCommand } from './commands/rm-command';
import { registerRunCommand } from './commands/run-command';
import { registerScheduleCommand } from './commands/schedule-command';
import { registerSessionCommand } from './commands/session-command';
import { registerSchemaCommand } from './commands/schema-command';
import { registerGraphqlCommand } from './commands/graphql-command';
import { registerFixtureCommand } from './commands/fixture-command';
import { registerUpCommand } from './commands/up-command';
import { registerVfolderCommand } from './commands/vfolder/vfolder-command';
import { CLI_VERSION } from './cli-version';

const ROOT_HELP = `
Examples:
  $ tessera up manifests/all-in-one.yaml
  $ tessera manifest validate manifests/halfstack.yaml
  $ tessera plugins list --json
  $ tessera run --rm -c 'print("hello")' python
  $ tessera ps
  $ tessera session events mysess
  $ tessera login
  $ tessera admin users list

run, rm, ps, session and admin talk to a manager: set BACKEND_ENDPOINT, and BACKEND_ACCESS_KEY and
BACKEND_SECRET_KEY or log in with "tessera login".
Run "tessera help <command>" for the options of a command.`;

export interface Program {
  command: Command;
  /** The exit code the verb that ran finished with (0 for help and version). */
  exitCode(): number;
  debug(): boolean;
}

/**
 * Builds the `tessera` command. Commander never exits the process itself: errors come back to
 * main as CommanderError, and its own messages (usage errors, help) go to the given streams.
 */
export function buildProgram(io: CliIo): Program {
  let exitCode = 0;
  const command = new Command('tessera');
  const debug = (): boolean =>
    command.opts<{ debug?: boolean }>().debug === true || io.env.TESSERA_DEBUG === '1';
  const context: CommandContext = { io, debug, finish: (code) => void (exitCode = code) };
  command
    .description(
      'Tessera: run deployments (up, manifest, plugins) and use the Backend.AI API (run, rm, ps, session)',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version of tessera')
    .option('--debug', 'print stack traces with errors (also TESSERA_DEBUG=1)')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.startsWith('error: ') ? `tessera: ${text.slice(7)}` : text),
    });
  command.addHelpText('after', ROOT_HELP);
  registerUpCommand(command, context);
  registerManifestCommand(command, context);
  registerPluginsCommand(command, context);
  registerRunCommand(command, context);
  registerRmCommand(command, context);
  registerSessionCommand(command, context);
  registerSchemaCommand(command, context);
  registerGraphqlCommand(command, context);
  registerFixtureCommand(command, context);
  registerConfigCommand(command, context);
  registerScheduleCommand(command, context);
  registerLoginCommands(command, context);
  registerAdminCommand(command, context);
  registerVfolderCommand(command, context);
  return { command, exitCode: () => exitCode, debug };
}
