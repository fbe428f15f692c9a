import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync, type ContainerType } from 'type-graphql';
import { ComputeContainerResolver } from './compute-container-resolver';
import { ComputeSessionResolver } from './compute-session-resolver';
import type { GraphQLServices } from './graphql-context';
import { VisibleSessions } from './visible-sessions';

/**
 * Builds the admin GraphQL schema for one manager: the resolvers are made here with the
 * manager's services and handed to type-graphql through its `container` option, so nothing is
 * global and two managers in one process keep their own. Fields are nullable unless marked (as
 * in Backend.AI's graphene schema); type-graphql's class-validator integration is off.
 */
export function buildAdminSchema(services: GraphQLServices): GraphQLSchema {
  const sessions = new VisibleSessions(services.db);
  const resolvers = new Map<unknown, object>([
    [ComputeSessionResolver, new ComputeSessionResolver(sessions, services.explainer)],
    [ComputeContainerResolver, new ComputeContainerResolver(sessions)],
  ]);
  const container: ContainerType = {
    get(resolverClass: unknown) {
      const resolver = resolvers.get(resolverClass);
      if (!resolver) throw new Error(`no resolver instance for ${String(resolverClass)}`);
      return resolver;
    },
  };
  return buildSchemaSync({
    resolvers: [ComputeSessionResolver, ComputeContainerResolver],
    container,
    validate: false,
    nullableByDefault: true,
  });
}
