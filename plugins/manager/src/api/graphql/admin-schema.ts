import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync, type ContainerType } from 'type-graphql';
import type { GraphQLTypesContribution, ResolverClass } from '../../extension-points/graphql-types';
import { readPlainFieldsAsProperties } from './plain-fields';

/**
 * Builds the admin GraphQL schema from the plugins' contributions (`manager/graphql-types`). The
 * resolver instances come from the plugin that contributed each class, through type-graphql's
 * `container` option, so nothing is global and two managers in one process keep their own. Fields
 * are nullable unless marked (as in Backend.AI's graphene schema); type-graphql's class-validator
 * integration is off; plain fields are read as properties (plain-fields.ts). Null when nothing was
 * contributed (the endpoints are then not mounted).
 */
export function buildAdminSchema(contributions: readonly GraphQLTypesContribution[]): GraphQLSchema | null {
  const owners = new Map<ResolverClass, GraphQLTypesContribution>();
  for (const contribution of contributions) {
    for (const resolverClass of contribution.resolvers) owners.set(resolverClass, contribution);
  }
  const [first, ...rest] = owners.keys();
  if (!first) return null;
  const container: ContainerType = {
    get(resolverClass: ResolverClass) {
      const owner = owners.get(resolverClass);
      if (!owner) throw new Error(`no plugin contributed the resolver ${resolverClass.name}`);
      return owner.resolve(resolverClass);
    },
  };
  readPlainFieldsAsProperties();
  return buildSchemaSync({
    resolvers: [first, ...rest],
    container,
    validate: false,
    nullableByDefault: true,
  });
}
