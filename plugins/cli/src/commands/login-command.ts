import { ApiConfig, Client } from '@tessera/client';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { CommandFailure, UsageError } from '../cli-errors';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { credentialsPath, readCredentials, removeCredentials, writeCredentials } from '../stored-credentials';
import { TerminalInput } from '../terminal-input';

const LOGIN_HELP = `
Asks for the e-mail and password when not given (the password is never echoed; piped input is read line by line).
The keypair the manager hands back (POST /auth/authorize) is kept in $TESSERA_CONFIG_DIR/credentials.json, else
$XDG_CONFIG_HOME/tessera/credentials.json or ~/.config/tessera/credentials.json, readable by you only (mode 0600).
Every verb that talks to a manager then uses it, unless BACKEND_ACCESS_KEY is set. The secret key is never printed.

Examples:
  $ BACKEND_ENDPOINT=http://127.0.0.1:8091 tessera login
  $ tessera login -e alice@example.com -d research
  $ printf 'alice@example.com\\nsecret\\n' | tessera login`;

/** `tessera login` and `tessera logout`: a user's password for their keypair, kept for later verbs. */
export function registerLoginCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('login')
    .summary('log in with an e-mail and password and keep the keypair')
    .description(
      'Log in to the manager at BACKEND_ENDPOINT with your e-mail and password (POST /auth/authorize).',
    )
    .option('-e, --email <email>', 'your e-mail (asked for when not given)')
    .option('-d, --domain <domain>', 'your domain; default BACKEND_DOMAIN or "default"')
    .addHelpText('after', LOGIN_HELP)
    .action(async (flags: { email?: string; domain?: string }) => {
      const stored = await readCredentials(io.env);
      const endpoint = io.env.BACKEND_ENDPOINT || io.env.SORNA_ENDPOINT || stored?.endpoint;
      if (!endpoint) {
        throw new UsageError('BACKEND_ENDPOINT is not set: export the manager URL to log in to');
      }
      const domain = flags.domain ?? (io.env.BACKEND_DOMAIN?.trim() || 'default');
      const input = new TerminalInput(io);
      let email: string;
      let password: string;
      try {
        email = flags.email ?? (await ask(io, input, 'E-mail: ', false));
        password = await ask(io, input, 'Password: ', true);
      } finally {
        input.close();
      }
      email = email.trim();
      if (email === '') throw new UsageError('no e-mail given: pass --email or type it when asked');
      if (password === '') throw new UsageError('no password given');
      const anonymous = new Client(
        ApiConfig.fromEnv({ ...io.env, BACKEND_ENDPOINT: endpoint, BACKEND_ACCESS_KEY: '' }),
      );
      const keypair = await anonymous.authorize(domain, email, password);
      const path = await writeCredentials(io.env, {
        endpoint,
        accessKey: keypair.accessKey,
        secretKey: keypair.secretKey,
        domain,
        email,
        role: keypair.role,
        savedAt: new Date().toISOString(),
      });
      io.stdout.write(
        `logged in to ${endpoint} as ${email} (${keypair.role || 'user'}); access key ${keypair.accessKey} saved to ${path}\n`,
      );
      if (io.env.BACKEND_ACCESS_KEY !== undefined || io.env.SORNA_ACCESS_KEY !== undefined) {
        io.stderr.write(
          'note: BACKEND_ACCESS_KEY is set in this shell and is used before the saved keypair\n',
        );
      }
      context.finish(EXIT.ok);
    });

  program
    .command('logout')
    .summary('forget the keypair tessera login kept')
    .description(`Remove the keypair "tessera login" saved (${credentialsPath({ HOME: '~' })} by default).`)
    .action(async () => {
      const path = credentialsPath(io.env);
      const removed = await removeCredentials(io.env);
      io.stdout.write(removed ? `logged out: removed ${path}\n` : `not logged in (no ${path})\n`);
      context.finish(EXIT.ok);
    });
}

/** Asks on stderr (stdout stays for results) and reads one line; a secret is read without echo. */
export async function ask(io: CliIo, input: TerminalInput, prompt: string, secret: boolean): Promise<string> {
  if (io.stdin.isTTY) io.stderr.write(prompt);
  try {
    return await input.readLine({ secret });
  } catch (error) {
    if (error instanceof Error && 'reason' in error && error.reason === 'input-unavailable') {
      throw new CommandFailure(`${prompt.replace(/:\s*$/, '').toLowerCase()} is needed but stdin is closed`);
    }
    throw error;
  }
}
