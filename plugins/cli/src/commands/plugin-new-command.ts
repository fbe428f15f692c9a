import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CommandFailure, UsageError } from '../cli-errors';
import type { CommandContext } from '../command-context';
import { EXIT } from '../failure-report';
import { acceleratorPackageFiles } from '../scaffold/accelerator-templates';
import { DEVICE_KEY, deviceKeyOf, packageNameProblem } from '../scaffold/package-name';

/** Kinds `tessera plugin new` can scaffold. */
const SCAFFOLD_KINDS = ['accelerator'];

/**
 * `tessera plugin new accelerator <name>`: writes a plugin package that builds and passes the
 * core's conformance suite as generated (see docs/writing-an-accelerator-plugin.md).
 */
export function registerPluginNewCommand(plugins: Command, context: CommandContext): void {
  plugins
    .command('new')
    .summary('create a plugin package from a template')
    .description(
      'Write a new plugin package NAME (an npm package name, e.g. @vendor/tessera-npu) into DIR:\n' +
        'package.json with its "tessera" manifest (for this core version and contract), a config schema,\n' +
        'the implementation over simulated devices, the core conformance suite as `npm test`, a README.\n' +
        'Only the accelerator kind can be scaffolded so far. DIR must not exist or be empty.',
    )
    .argument('<kind>', `the plugin kind (${SCAFFOLD_KINDS.join(', ')})`)
    .argument('<name>', 'the npm package name, e.g. @vendor/tessera-npu')
    .option('--dir <dir>', 'where to write the package (default: ./<name without scope>)')
    .option('--key <key>', 'the device key naming slots and variables (default: from the name, e.g. npu)')
    .action(async (kind: string, name: string, flags: { dir?: string; key?: string }) => {
      const { io } = context;
      if (!SCAFFOLD_KINDS.includes(kind)) {
        throw new UsageError(
          `cannot scaffold a plugin of kind "${kind}"; supported: ${SCAFFOLD_KINDS.join(', ')}`,
        );
      }
      const problem = packageNameProblem(name);
      if (problem) throw new UsageError(`"${name}" is not a valid npm package name: ${problem}`);
      const key = flags.key ?? deviceKeyOf(name);
      if (key === undefined) {
        throw new UsageError(
          `cannot derive a device key from "${name}" (lower-case letters and digits, starting with a letter, ` +
            'after dropping the scope and a "tessera-" or "accelerator-" prefix); give one with --key',
        );
      }
      if (!DEVICE_KEY.test(key)) {
        throw new UsageError(
          `--key "${key}" is not a device key: expected 1-32 lower-case letters and digits, starting with a letter`,
        );
      }
      const dir = resolve(io.cwd, flags.dir ?? name.slice(name.indexOf('/') + 1));
      refuseOccupied(dir);
      const { CORE_VERSION, CONTRACT_VERSIONS } = await import('@tessera/core');
      const files = acceleratorPackageFiles({
        packageName: name,
        key,
        coreVersion: CORE_VERSION,
        contractMajor: CONTRACT_VERSIONS.accelerator!,
      });
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content, { flag: 'wx' });
      }
      const shown = relative(io.cwd, dir) || '.';
      io.stdout.write(
        `created ${name} (accelerator/v${CONTRACT_VERSIONS.accelerator}, @tessera/core ^${CORE_VERSION}, ` +
          `slot ${key}.device) in ${shown}\n` +
          `next: cd ${shown} && npm install && npm test && npm pack\n`,
      );
      context.finish(EXIT.ok);
    });
}

function refuseOccupied(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CommandFailure(`${dir} exists and is not a folder`);
  if (readdirSync(dir).length > 0) {
    throw new CommandFailure(`${dir} exists and is not empty; choose another folder with --dir`);
  }
}
