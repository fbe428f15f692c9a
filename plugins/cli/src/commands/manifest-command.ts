import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';

/** `tessera manifest validate FILE`: checks a deployment manifest without starting anything. */
export function registerManifestCommand(program: Command, context: CommandContext): void {
  const manifest = program.command('manifest').summary('work with deployment manifests');
  manifest
    .command('validate')
    .summary('check a deployment manifest and the plugins it names')
    .description(
      'Validate a deployment manifest: its schema, that each plugin is installed and fits the roles,\n' +
        'each plugin config against the plugin schema, and the dependency graph. No plugin code runs.',
    )
    .argument('<file>', 'deployment manifest (YAML)')
    .action(async (file: string) => {
      const { io } = context;
      const { validateDeployment, formatError } = await import('@tessera/core');
      try {
        const deployment = await validateDeployment(resolve(io.cwd, file), { env: io.env, cwd: io.cwd });
        const roles = deployment.manifest.roles.join(', ');
        io.stdout.write(`ok: ${file} (${deployment.plugins.length} plugins, roles ${roles})\n`);
        context.finish(EXIT.ok);
      } catch (error) {
        io.stderr.write(`tessera: ${formatError(error, { verbose: context.debug() })}\n`);
        context.finish(EXIT.failed);
      }
    });
}
