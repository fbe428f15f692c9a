import { createExtensionPoint } from '@tessera/core';

/** A type-graphql resolver class (`@Resolver(...)`), as type-graphql takes it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ResolverClass = Function;

/**
 * `manager/graphql-types`: GraphQL types of a feature plugin for the admin API (`/admin/graphql`,
 * `/admin/gql`). A contribution gives type-graphql resolver classes (their queries, field
 * resolvers and the object types they reach) and how to get the instance serving each, usually
 * from the plugin's own container (`resolve: (cls) => ctx.container.resolve(cls)`). The manager
 * builds one schema from every contribution when it starts; type-graphql asks `resolve` for the
 * instance whenever a field of that class is resolved, so register the classes as singletons of
 * the plugin's container unless they keep per-request state.
 *
 * A plugin can add fields to another plugin's object type with a `@Resolver(() => TheirType)`
 * class of `@FieldResolver`s, importing the type from that plugin's public entry. Resolvers read
 * the caller from `@Ctx() context: GraphQLContext`; errors they throw are shaped by the manager.
 * Plain fields are read as properties (api/graphql/plain-fields.ts): answer a type marked
 * `@ObjectType({ simpleResolvers: true })` as instances of its class, never as plain objects.
 */
export interface GraphQLTypesContribution {
  readonly resolvers: readonly ResolverClass[];
  resolve(resolverClass: ResolverClass): object;
}

export const GraphQLTypes = createExtensionPoint<GraphQLTypesContribution>('manager/graphql-types');
