import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { contractToken } from '@tessera/core';

/**
 * The admin GraphQL schema the manager serves, built once in `init` from every plugin's
 * `manager/graphql-types` contribution (null when nothing was contributed). Provided as the
 * `admin-graphql-schema` service, so tools (`tessera graphql schema`) read exactly what is served.
 */
export interface AdminGraphQLSchema {
  readonly schema: GraphQLSchema | null;
  /** The schema in SDL, types sorted by name so the text changes only when the schema does. */
  sdl(): string | null;
}

export function adminGraphQLSchema(schema: GraphQLSchema | null): AdminGraphQLSchema {
  return { schema, sdl: () => (schema ? `${printSchema(lexicographicSortSchema(schema))}\n` : null) };
}
export const AdminGraphQLSchema = contractToken<AdminGraphQLSchema>('admin-graphql-schema');
