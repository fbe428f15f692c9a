import type { PluginContext } from '@tessera/core';
import { AccessRuleTables, GraphQLTypes, type ResolverClass } from '@tessera/manager';
import type { InjectionToken } from 'tsyringe';
import { IMAGE_ACCESS } from '../image-access';
import { ImageResolver } from './image-resolver';

/** Registers the image queries and mutations and contributes their resolver and actions. */
export function registerImages(ctx: Pick<PluginContext<unknown>, 'container' | 'contribute'>): void {
  const { container } = ctx;
  container.registerSingleton(ImageResolver);
  ctx.contribute(AccessRuleTables, IMAGE_ACCESS);
  ctx.contribute(GraphQLTypes, {
    resolvers: [ImageResolver],
    resolve: (resolverClass: ResolverClass) => container.resolve(resolverClass as InjectionToken<object>),
  });
}
