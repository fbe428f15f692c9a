import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Logger } from '@tessera/core';
import { UUIDScalar, type GraphQLContext } from '@tessera/manager';
import { checkHostname } from '../registries/registry-config';
import { ImageRescanner } from './rescan-images';

@ObjectType('RescanImages')
export class RescanImages {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) msg!: string;
  @Field(() => UUIDScalar, { description: 'Follow it on GET /events/background-task?task_id=' })
  task_id!: string | null;
}

/** `rescan_images(registry)`: Backend.AI's registry rescan, as a background task. */
@Resolver(() => RescanImages)
@injectable()
export class RescanResolver {
  constructor(
    @inject(ImageRescanner) private readonly rescanner: ImageRescanner,
    @inject(Logger) private readonly log: Logger,
  ) {}

  @Mutation(() => RescanImages, {
    name: 'rescan_images',
    description:
      'Scans the named registry (every configured one when left out) and updates the images it finds, in a background task.',
  })
  async rescanImages(
    @Arg('registry', () => String, { nullable: true }) registry: string | null | undefined,
    @Ctx() { caller, access }: GraphQLContext,
  ): Promise<RescanImages> {
    access.authorize(caller, 'image.rescan');
    const hostname = registry ? checkHostname(registry, 'registry') : null;
    const taskId = await this.rescanner.start(hostname);
    this.log.info('image rescan started', { accessKey: caller.accessKey, registry: hostname, taskId });
    return { ok: true, msg: '', task_id: taskId };
  }
}
