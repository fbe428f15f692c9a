import { formatBinarySizeShort } from '@tessera/core';
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context';
import { parseBoolean, type Column } from './admin-support';
import { mutate, printList, printOne, verbAction, type JsonFlag } from './admin-verbs';
import { registerImageRescanVerb } from './image-rescan-command';

const list = (value: unknown): string => (Array.isArray(value) && value.length > 0 ? value.join(',') : '-');

/** `mem 1g~4g`, `cpu 1~`: each slot's bounds, a missing maximum left open. */
function limitsCell(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '-';
  return (value as Array<{ key: string; min: string | null; max: string | null }>)
    .map(({ key, min, max }) => {
      const bound = (amount: string | null) =>
        amount === null || amount === 'Infinity'
          ? ''
          : key.includes('mem') && /^\d+$/.test(amount)
            ? formatBinarySizeShort(Number(amount))
            : amount;
      return `${key} ${bound(min)}~${bound(max)}`;
    })
    .join(', ');
}

export const IMAGE_COLUMNS: Column[] = [
  { key: 'name', header: 'NAME' },
  { key: 'architecture', header: 'ARCH' },
  { key: 'aliases', header: 'ALIASES', format: list },
  { key: 'resourceLimits', header: 'RESOURCE LIMITS', format: limitsCell },
  { key: 'installed', header: 'INSTALLED', format: (value) => (value ? 'yes' : 'no') },
];

export const IMAGE_DETAIL_COLUMNS: Column[] = [
  ...IMAGE_COLUMNS,
  { key: 'registry', header: 'REGISTRY' },
  { key: 'tag', header: 'TAG' },
  { key: 'digest', header: 'DIGEST' },
  {
    key: 'sizeBytes',
    header: 'SIZE',
    format: (value) => (typeof value === 'number' && value > 0 ? formatBinarySizeShort(value) : '-'),
  },
  { key: 'supportedAccelerators', header: 'ACCELERATORS', format: list },
  { key: 'installedAgents', header: 'INSTALLED ON', format: list },
  {
    key: 'labels',
    header: 'LABELS',
    format: (value) =>
      Array.isArray(value) && value.length > 0
        ? (value as Array<{ key: string; value: string }>)
            .map((label) => `${label.key}=${label.value}`)
            .join(', ')
        : '-',
  },
];

interface ListFlags extends JsonFlag {
  installed?: boolean;
  operation?: boolean;
}

interface ArchFlags extends JsonFlag {
  arch?: string;
}

interface LimitFlags extends ArchFlags {
  min?: string;
  max?: string;
}

/** `tessera admin images list|info|alias|dealias|forget|set-resource-limit` (and `rescan`). */
export function registerImagesCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const images = admin
    .command('images')
    .summary('manage images (every user reads those of its domain; superadmins write)');

  images
    .command('list')
    .description('List images (GraphQL images).')
    .option('--installed <bool>', 'only images an alive agent has (true) or none has (false)', parseBoolean)
    .option('--operation <bool>', 'only operation images (true) or only the others (false)', parseBoolean)
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, (flags: ListFlags) =>
        printList(io, IMAGE_COLUMNS, 'images', flags.json, (client) =>
          client.admin.images.list({ isInstalled: flags.installed, isOperation: flags.operation }),
        ),
      ),
    );

  images
    .command('info')
    .description('Show one image by canonical name or alias (GraphQL image).')
    .argument('<reference>', 'the canonical name or an alias')
    .option('--arch <architecture>', 'the architecture (default: the manager’s, x86_64)')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (reference: string, flags: ArchFlags) =>
        printOne(io, IMAGE_DETAIL_COLUMNS, flags.json, `image "${reference}"`, (client) =>
          client.admin.images.get(reference, { architecture: flags.arch }),
        ),
      ),
    );

  images
    .command('alias')
    .description('Give an image another name (alias_image; superadmins).')
    .argument('<alias>', 'the new alias')
    .argument('<target>', 'the canonical name of the image')
    .option('--arch <architecture>', 'the image’s architecture (default x86_64)')
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (alias: string, target: string, flags: ArchFlags) => {
        await mutate(
          io,
          flags.json,
          `aliasing "${alias}" to image "${target}"`,
          (client) => client.admin.images.alias(alias, target, { architecture: flags.arch }),
          `alias ${alias} now names ${target}`,
        );
      }),
    );

  images
    .command('dealias')
    .description('Remove an alias (dealias_image; superadmins).')
    .argument('<alias>', 'the alias')
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (alias: string, flags: JsonFlag) => {
        await mutate(
          io,
          flags.json,
          `removing alias "${alias}"`,
          (client) => client.admin.images.dealias(alias),
          `removed alias ${alias}`,
        );
      }),
    );

  images
    .command('forget')
    .description(
      'Forget an image and its aliases (forget_image; superadmins); a rescan or heartbeat may bring it back.',
    )
    .argument('<reference>', 'the canonical name or an alias')
    .option('--arch <architecture>', 'the architecture (default x86_64)')
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (reference: string, flags: ArchFlags) => {
        await mutate(
          io,
          flags.json,
          `forgetting image "${reference}"`,
          (client) => client.admin.images.forget(reference, { architecture: flags.arch }),
          `forgot image ${reference}`,
        );
      }),
    );

  images
    .command('set-resource-limit')
    .description(
      'Set the minimum and/or maximum of one slot for an image (modify_image; superadmins); the other slots keep theirs.',
    )
    .argument('<reference>', 'the canonical name or an alias')
    .argument('<slot>', 'the slot, e.g. cpu, mem or cuda.shares')
    .option('--min <amount>', 'the minimum, e.g. 1 or 512m; omitted or "": none')
    .option('--max <amount>', 'the maximum, e.g. 4 or 8g; omitted or "": none')
    .option('--arch <architecture>', 'the architecture (default x86_64)')
    .option('--json', 'print the result as JSON')
    .action(
      verbAction(context, async (reference: string, slot: string, flags: LimitFlags) => {
        await mutate(
          io,
          flags.json,
          `setting the ${slot} limits of image "${reference}"`,
          (client) =>
            client.admin.images.setResourceLimit(
              reference,
              slot,
              { min: flags.min, max: flags.max },
              { architecture: flags.arch },
            ),
          `set the ${slot} limits of image ${reference}`,
        );
      }),
    );

  registerImageRescanVerb(images, context);
}
