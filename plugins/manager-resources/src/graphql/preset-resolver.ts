import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Database, TesseraError, type ResourcePresetChanges, type ResourcePresetRecord } from '@tessera/core';
import type { GraphQLContext } from '@tessera/manager';
import { checkPresetName, checkPresetSlots, checkSharedMemory } from './preset-inputs';
import {
  CreateResourcePreset,
  CreateResourcePresetInput,
  DeleteResourcePreset,
  ModifyResourcePreset,
  ModifyResourcePresetInput,
  ResourcePreset,
  type PresetOutcome,
} from './preset-types';

/** The repository errors a mutation answers as `ok: false` with the message (upstream's `msg`). */
const DOMAIN_ERRORS = new Set(['object-not-found', 'object-already-exists']);

/**
 * Resource presets in the admin API (api-spec §8.7): every signed caller reads the global presets;
 * a superadmin creates, modifies and deletes them. Amounts are checked and stored as exact
 * decimals (sizes for memory slots), shared memory as bytes.
 */
@Resolver(() => ResourcePreset)
@injectable()
export class PresetResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => ResourcePreset, {
    name: 'resource_preset',
    description: 'One global resource preset by name; null when there is none.',
  })
  async resourcePreset(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ResourcePreset | null> {
    access.authorize(caller, 'preset.read');
    const preset = await this.db.resourcePresets.get(name);
    return preset ? toPreset(preset) : null;
  }

  @Query(() => [ResourcePreset], {
    name: 'resource_presets',
    description: 'Every global resource preset, by name.',
  })
  async resourcePresets(@Ctx() { caller, access }: GraphQLContext): Promise<ResourcePreset[]> {
    access.authorize(caller, 'preset.read');
    const presets = await this.db.resourcePresets.list();
    return presets.filter((preset) => preset.resourceGroup === null).map(toPreset);
  }

  @Mutation(() => CreateResourcePreset, { name: 'create_resource_preset' })
  async createResourcePreset(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => CreateResourcePresetInput, { nullable: false }) props: CreateResourcePresetInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<PresetOutcome> {
    access.authorize(caller, 'preset.create');
    checkPresetName(name);
    const resourceSlots = checkPresetSlots(props.resource_slots);
    const sharedMemory = props.shared_memory ? checkSharedMemory(props.shared_memory) : null;
    return outcome(async () =>
      toPreset(await this.db.resourcePresets.create({ name, resourceSlots, sharedMemory })),
    );
  }

  @Mutation(() => ModifyResourcePreset, {
    name: 'modify_resource_preset',
    description: 'A field left out or null stays; shared_memory "" clears it.',
  })
  async modifyResourcePreset(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Arg('props', () => ModifyResourcePresetInput, { nullable: false }) props: ModifyResourcePresetInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<PresetOutcome> {
    access.authorize(caller, 'preset.modify');
    const changes: ResourcePresetChanges = {};
    if (props.resource_slots !== undefined && props.resource_slots !== null)
      changes.resourceSlots = checkPresetSlots(props.resource_slots);
    if (props.shared_memory !== undefined && props.shared_memory !== null)
      changes.sharedMemory = props.shared_memory === '' ? null : checkSharedMemory(props.shared_memory);
    return outcome(async () => toPreset(await this.db.resourcePresets.modify(name, changes)));
  }

  @Mutation(() => DeleteResourcePreset, { name: 'delete_resource_preset' })
  async deleteResourcePreset(
    @Arg('name', () => String, { nullable: false }) name: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<PresetOutcome> {
    access.authorize(caller, 'preset.delete');
    return outcome(() => this.db.resourcePresets.delete(name));
  }
}

function toPreset(record: ResourcePresetRecord): ResourcePreset {
  return {
    name: record.name,
    resource_slots: { ...record.resourceSlots },
    shared_memory: record.sharedMemory,
  };
}

/** `{ok: true, msg: 'success', item}`, or `{ok: false, msg}` for a missing or duplicate preset. */
async function outcome(write: () => Promise<ResourcePreset | void>): Promise<PresetOutcome> {
  try {
    const item = await write();
    return { ok: true, msg: 'success', item: item ?? null };
  } catch (error) {
    if (error instanceof TesseraError && DOMAIN_ERRORS.has(error.code))
      return { ok: false, msg: error.message, item: null };
    throw error;
  }
}
