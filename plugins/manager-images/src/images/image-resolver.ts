import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Database, TesseraError, type ImageDetails, type KeypairRecord } from '@tessera/core';
import type { GraphQLContext } from '@tessera/manager';
import { checkArchitecture, checkName, DEFAULT_ARCHITECTURE, imageChanges } from './image-inputs';
import {
  AliasImage,
  ClearImages,
  DealiasImage,
  ForgetImage,
  Image,
  ModifyImage,
  ModifyImageInput,
  type ImageOutcome,
} from './image-types';
import { imageView, isOperation } from './image-view';

/** The repository errors a mutation answers as `ok: false` with the message (upstream's `msg`). */
const DOMAIN_ERRORS = new Set(['object-not-found', 'object-already-exists']);

/**
 * Images in the admin API (Backend.AI 22.09's `image`, `images` and the image mutations): every
 * role reads, a domain admin or user only images of the registries its domain allows; a superadmin
 * aliases, dealiases, forgets, modifies and clears them.
 */
@Resolver(() => Image)
@injectable()
export class ImageResolver {
  constructor(@inject(Database) private readonly db: Database) {}

  @Query(() => Image, {
    name: 'image',
    nullable: true,
    description:
      'One image by canonical reference or alias; image-not-found when there is none the caller may see.',
  })
  async image(
    @Arg('reference', () => String, { nullable: false }) reference: string,
    @Arg('architecture', () => String, { defaultValue: DEFAULT_ARCHITECTURE }) architecture: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Image> {
    const scope = access.authorize(caller, 'image.read', { domainName: caller.domainName });
    checkName(reference, 'reference');
    checkArchitecture(architecture);
    const found = await this.db.images.resolveDetails(reference, architecture);
    const [visible] = found ? await this.visible(caller, scope, [found]) : [];
    if (!visible)
      throw TesseraError.notFound(
        'image-not-found',
        `image "${reference}" for architecture "${architecture}" not found`,
        {
          reference,
          architecture,
        },
      );
    return imageView(visible);
  }

  @Query(() => [Image], {
    name: 'images',
    nullable: true,
    description: 'Every image the caller may see; is_installed / is_operation narrow it when given.',
  })
  async images(
    @Arg('is_installed', () => Boolean, { nullable: true }) isInstalled: boolean | null | undefined,
    @Arg('is_operation', () => Boolean, { nullable: true }) isOperationArg: boolean | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<Image[]> {
    const scope = access.authorize(caller, 'image.read', { domainName: caller.domainName });
    let images = await this.visible(caller, scope, await this.db.images.listDetails());
    if (isInstalled != null)
      images = images.filter((image) => image.installedAgents.length > 0 === isInstalled);
    if (isOperationArg != null)
      images = images.filter((image) => isOperation(image.labels) === isOperationArg);
    return images.map(imageView);
  }

  @Mutation(() => AliasImage, { name: 'alias_image' })
  async aliasImage(
    @Arg('alias', () => String, { nullable: false }) alias: string,
    @Arg('target', () => String, { nullable: false }) target: string,
    @Arg('architecture', () => String, { defaultValue: DEFAULT_ARCHITECTURE }) architecture: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ImageOutcome> {
    access.authorize(caller, 'image.alias');
    checkName(alias, 'alias');
    checkName(target, 'target');
    checkArchitecture(architecture);
    return outcome(() => this.db.images.addAlias(alias, target, architecture));
  }

  @Mutation(() => DealiasImage, { name: 'dealias_image' })
  async dealiasImage(
    @Arg('alias', () => String, { nullable: false }) alias: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ImageOutcome> {
    access.authorize(caller, 'image.dealias');
    checkName(alias, 'alias');
    return outcome(() => this.db.images.removeAlias(alias));
  }

  @Mutation(() => ForgetImage, { name: 'forget_image' })
  async forgetImage(
    @Arg('reference', () => String, { nullable: false }) reference: string,
    @Arg('architecture', () => String, { defaultValue: DEFAULT_ARCHITECTURE }) architecture: string,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ImageOutcome> {
    access.authorize(caller, 'image.forget');
    checkName(reference, 'reference');
    checkArchitecture(architecture);
    return outcome(() => this.db.images.forget(reference, architecture));
  }

  @Mutation(() => ModifyImage, { name: 'modify_image' })
  async modifyImage(
    @Arg('target', () => String, { nullable: false }) target: string,
    @Arg('architecture', () => String, { defaultValue: DEFAULT_ARCHITECTURE }) architecture: string,
    @Arg('props', () => ModifyImageInput, { nullable: false }) props: ModifyImageInput,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ImageOutcome> {
    access.authorize(caller, 'image.modify');
    checkName(target, 'target');
    checkArchitecture(architecture);
    const changes = imageChanges(props);
    return outcome(() => this.db.images.modify(target, architecture, changes));
  }

  @Mutation(() => ClearImages, { name: 'clear_images' })
  async clearImages(
    @Arg('registry', () => String, { nullable: true }) registry: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<ImageOutcome> {
    access.authorize(caller, 'image.clear');
    if (registry == null || registry.trim() === '')
      return { ok: false, msg: 'registry: expected a registry name' };
    await this.db.images.clearRegistry(registry);
    return { ok: true, msg: '' };
  }

  /** The images a caller of this scope sees: for `domain`, those of its domain's allowed registries. */
  private async visible(
    caller: KeypairRecord,
    scope: string,
    images: ImageDetails[],
  ): Promise<ImageDetails[]> {
    if (scope === 'any') return images;
    const domain = await this.db.identity.domains.get(caller.domainName);
    const allowed = new Set(domain?.allowedDockerRegistries ?? []);
    return images.filter((image) => allowed.has(image.registry));
  }
}

async function outcome(write: () => Promise<void>): Promise<ImageOutcome> {
  try {
    await write();
    return { ok: true, msg: '' };
  } catch (error) {
    if (error instanceof TesseraError && DOMAIN_ERRORS.has(error.code))
      return { ok: false, msg: error.message };
    throw error;
  }
}
