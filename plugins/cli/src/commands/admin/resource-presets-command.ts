import { formatBinarySizeShort, parseBinarySize, TesseraError } from '@tessera/core';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../cli-errors';
import type { CommandContext } from '../../command-context';
import { given, parseJsonObject, requireChanges, slotsColumn, type Column } from './admin-support';
import { mutate, printList, printOne, registerRemoveVerb, verbAction, type JsonFlag } from './admin-verbs';

export const PRESET_COLUMNS: Column[] = [
  { key: 'name', header: 'NAME' },
  slotsColumn('resourceSlots', 'RESOURCE SLOTS'),
  {
    key: 'sharedMemory',
    header: 'SHARED MEMORY',
    format: (value) => (typeof value === 'number' ? formatBinarySizeShort(value) : '-'),
  },
];

interface PresetFlags extends JsonFlag {
  resourceSlots?: Record<string, unknown>;
  sharedMemory?: string;
}

/** A size such as 512m or 1g (checked here, sent as written); "" clears it on update. */
export function parseSharedMemory(value: string): string {
  if (value === '') return value;
  try {
    if (parseBinarySize(value).isFinite()) return value;
  } catch (error) {
    if (!(error instanceof TesseraError)) throw error;
  }
  throw new InvalidArgumentError('expected a size such as 512m or 1g, or a number of bytes');
}

function withPropOptions(command: Command): Command {
  return command
    .option(
      '--resource-slots <json>',
      'slot name to amount as a JSON object, e.g. \'{"cpu": "2", "mem": "4g"}\'',
      parseJsonObject,
    )
    .option('--shared-memory <size>', 'bytes of /dev/shm, e.g. 512m or 1g', parseSharedMemory)
    .option('--json', 'print the result as JSON');
}

/** `tessera admin resource-presets list|info|add|update|delete`. */
export function registerResourcePresetsCommand(admin: Command, context: CommandContext): void {
  const { io } = context;
  const presets = admin
    .command('resource-presets')
    .summary('manage resource presets (every user reads them; superadmins write)');

  presets
    .command('list')
    .description('List resource presets (GraphQL resource_presets).')
    .option('--json', 'print the list as JSON')
    .action(
      verbAction(context, (flags: JsonFlag) =>
        printList(io, PRESET_COLUMNS, 'resource presets', flags.json, (client) =>
          client.admin.resourcePresets.list(),
        ),
      ),
    );

  presets
    .command('info')
    .description('Show one resource preset (GraphQL resource_preset).')
    .argument('<name>', 'the preset name')
    .option('--json', 'print it as JSON')
    .action(
      verbAction(context, (name: string, flags: JsonFlag) =>
        printOne(io, PRESET_COLUMNS, flags.json, `resource preset "${name}"`, (client) =>
          client.admin.resourcePresets.get(name),
        ),
      ),
    );

  withPropOptions(
    presets
      .command('add')
      .description('Create a resource preset (create_resource_preset); --resource-slots is required.')
      .argument('<name>', 'the new preset name'),
  ).action(
    verbAction(context, async (name: string, flags: PresetFlags) => {
      if (flags.resourceSlots === undefined)
        throw new UsageError('--resource-slots is required: the slots the preset asks for, as a JSON object');
      await mutate(
        io,
        flags.json,
        `creating resource preset "${name}"`,
        (client) =>
          client.admin.resourcePresets.create(name, {
            resourceSlots: flags.resourceSlots!,
            ...given({ sharedMemory: flags.sharedMemory || undefined }),
          }),
        `created resource preset ${name}`,
      );
    }),
  );

  withPropOptions(
    presets
      .command('update')
      .description('Change a resource preset (modify_resource_preset); --shared-memory "" clears it.')
      .argument('<name>', 'the preset name'),
  ).action(
    verbAction(context, async (name: string, flags: PresetFlags) => {
      const changes = given({ resourceSlots: flags.resourceSlots, sharedMemory: flags.sharedMemory });
      requireChanges(changes, '--resource-slots, --shared-memory');
      await mutate(
        io,
        flags.json,
        `updating resource preset "${name}"`,
        (client) => client.admin.resourcePresets.modify(name, changes),
        `updated resource preset ${name}`,
      );
    }),
  );

  registerRemoveVerb(presets, context, {
    verb: 'delete',
    description: 'Remove a resource preset (delete_resource_preset).',
    argument: ['<name>', 'the preset name'],
    noun: 'resource preset',
    past: 'deleted',
    call: (client, name) => client.admin.resourcePresets.delete(name),
  });
}
