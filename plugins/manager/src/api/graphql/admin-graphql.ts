import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  execute,
  getOperationAST,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Logger } from '@tessera/core';
import type { GraphQLContext } from './graphql-context';
import { formatGraphQLError } from './graphql-errors';
import type { GraphQLRequest } from './graphql-request';

export interface AdminGraphQLOptions {
  /** Answer `__schema` and `__type` (`api.allowGraphqlSchemaIntrospection`); off by default upstream. */
  allowIntrospection: boolean;
  log: Logger;
  /** Runs before a mutation executes (after validation); what it throws is the answer. */
  beforeMutation?: () => Promise<void>;
}

/**
 * Runs admin API requests against the schema: parse, validate (refusing introspection unless
 * allowed), execute with the caller in the context, and shape the errors. The answer is the
 * standard `{data, errors}`; the routes decide how to send it.
 */
export class AdminGraphQL {
  private readonly rules: readonly ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: AdminGraphQLOptions,
  ) {
    this.rules = options.allowIntrospection
      ? specifiedRules
      : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  }

  async run(request: GraphQLRequest, context: GraphQLContext): Promise<FormattedExecutionResult> {
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [this.format(error)] };
      throw error;
    }
    const invalid = validate(this.schema, document, this.rules);
    if (invalid.length > 0) return { errors: invalid.map((error) => this.format(error)) };
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (operation?.operation === OperationTypeNode.MUTATION) await this.options.beforeMutation?.();
    const result = await execute({
      schema: this.schema,
      document,
      contextValue: context,
      variableValues: request.variables,
      operationName: request.operationName,
    });
    return {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((error) => this.format(error)) } : {}),
    };
  }

  private format(error: GraphQLError) {
    return formatGraphQLError(error, this.options.log);
  }
}
