import { bodyValidator } from '../body-validation';

/** A GraphQL request body: `{query, variables, operation_name | operationName}`. */
export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const validate = bodyValidator<{
  query: string;
  variables?: Record<string, unknown> | null;
  operation_name?: string | null;
  operationName?: string | null;
}>({
  type: 'object',
  required: ['query'],
  properties: {
    query: { type: 'string', minLength: 1 },
    variables: { type: ['object', 'null'] },
    operation_name: { type: ['string', 'null'] },
    operationName: { type: ['string', 'null'] },
  },
});

/** Reads a GraphQL request body, or throws `invalid-api-params` naming the bad field. */
export function parseGraphQLRequest(body: unknown): GraphQLRequest {
  const request = validate(body);
  return {
    query: request.query,
    variables: request.variables ?? undefined,
    operationName: request.operation_name ?? request.operationName ?? undefined,
  };
}
