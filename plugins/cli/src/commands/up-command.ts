import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';

/** `tessera up MANIFEST`: boots the deployment in this process until SIGINT/SIGTERM. */
export function registerUpCommand(program: Command, context: CommandContext): void {
  program
    .command('up')
    .summary('start a deployment from its manifest')
    .description(
      'Load the plugins a deployment manifest names, start them in dependency order and keep running.\n' +
        'Ctrl-C (SIGINT) or SIGTERM stops them in reverse order; a second signal exits at once.',
    )
    .argument('<manifest>', 'deployment manifest, e.g. manifests/all-in-one.yaml')
    .addHelpText('after', '\nExample:\n  $ tessera up manifests/all-in-one.yaml')
    .action(async (manifest: string) => {
      const { io } = context;
      // Loaded here, not at the top: `tessera run` should not pay for the kernel's start-up.
      const { Kernel, formatError } = await import('@tessera/core');
      const report = (error: unknown): number => {
        io.stderr.write(`tessera: ${formatError(error, { verbose: context.debug() })}\n`);
        return EXIT.failed;
      };
      let kernel: InstanceType<typeof Kernel>;
      try {
        kernel = await Kernel.fromManifest(resolve(io.cwd, manifest), { env: io.env, cwd: io.cwd });
      } catch (error) {
        return context.finish(report(error));
      }
      const stopped = new Promise<number>((done) => kernel.installSignalHandlers(done));
      try {
        await kernel.start();
      } catch (error) {
        return context.finish(report(error));
      }
      // The kernel's logs own stdout (JSON lines for collectors); the summary for people goes to stderr.
      io.stderr.write(describeRunning(kernel.deployment.manifest.name, kernel.roles, kernel.endpoints()));
      // A deployment without listening sockets would let Node exit at once; run until a signal instead.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      try {
        context.finish(await stopped);
      } finally {
        clearInterval(keepAlive);
      }
    });
}

function describeRunning(name: string, roles: readonly string[], endpoints: Record<string, string>): string {
  const lines = [`tessera: ${name} is up (roles: ${roles.join(', ')})`];
  const width = Math.max(0, ...Object.keys(endpoints).map((key) => key.length));
  for (const [service, url] of Object.entries(endpoints)) lines.push(`  ${service.padEnd(width)}  ${url}`);
  lines.push('Press Ctrl-C to stop.');
  return `${lines.join('\n')}\n`;
}
