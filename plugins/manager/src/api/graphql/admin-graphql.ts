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
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
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
  /** How many distinct operations stay prepared (parsed, validated, compiled); 200 when omitted. */
  preparedOperations?: number;
}

/** A request's operation after parsing and validation: its errors, or what runs it. */
type Prepared =
  | { kind: 'refused'; errors: readonly GraphQLError[] }
  | { kind: 'ready'; document: DocumentNode; mutation: boolean; compiled?: CompiledQuery };

/**
 * graphql-jit, loaded on the first operation rather than at start (it and its JSON compiler take
 * ~60 ms to load). Required, not imported: its ES module build would bring graphql's ES module
 * build, a second copy of graphql whose checks refuse this schema.
 */
function graphqlJit(): typeof import('graphql-jit') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('graphql-jit') as typeof import('graphql-jit');
}

/** Operations longer than this are prepared for each request and not kept. */
const MAX_KEPT_QUERY_LENGTH = 64 * 1024;

/**
 * Runs admin API requests against the schema: parse, validate (refusing introspection unless
 * allowed), execute with the caller in the context, and shape the errors. The answer is the
 * standard `{data, errors}`; the routes decide how to send it.
 *
 * Clients send the same few operations over and over (a listing page after page), so an
 * operation is prepared once: parsed, validated and compiled to a function by graphql-jit, kept in
 * a bounded least-recently-used table keyed by its text and operation name. An operation the
 * compiler refuses runs on graphql-js's `execute`, as everything would without the table.
 */
export class AdminGraphQL {
  private readonly rules: readonly ValidationRule[];
  private readonly prepared = new Map<string, Prepared>();
  private readonly keep: number;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: AdminGraphQLOptions,
  ) {
    this.rules = options.allowIntrospection
      ? specifiedRules
      : [...specifiedRules, NoSchemaIntrospectionCustomRule];
    this.keep = options.preparedOperations ?? 200;
  }

  async run(request: GraphQLRequest, context: GraphQLContext): Promise<FormattedExecutionResult> {
    const operation = this.prepare(request);
    if (operation.kind === 'refused') return { errors: operation.errors.map((error) => this.format(error)) };
    if (operation.mutation) await this.options.beforeMutation?.();
    const result: ExecutionResult = operation.compiled
      ? await operation.compiled.query(undefined, context, request.variables ?? {})
      : await execute({
          schema: this.schema,
          document: operation.document,
          contextValue: context,
          variableValues: request.variables,
          operationName: request.operationName,
        });
    return {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((error) => this.format(error)) } : {}),
    };
  }

  private prepare(request: GraphQLRequest): Prepared {
    const key = `${request.operationName ?? ''}\u0000${request.query}`;
    const known = this.prepared.get(key);
    if (known) {
      // Most recently used last: the first entry is the one to drop.
      this.prepared.delete(key);
      this.prepared.set(key, known);
      return known;
    }
    const prepared = this.prepareAnew(request);
    if (request.query.length <= MAX_KEPT_QUERY_LENGTH && this.keep > 0) {
      if (this.prepared.size >= this.keep) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  private prepareAnew(request: GraphQLRequest): Prepared {
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      if (error instanceof GraphQLError) return { kind: 'refused', errors: [error] };
      throw error;
    }
    const invalid = validate(this.schema, document, this.rules);
    if (invalid.length > 0) return { kind: 'refused', errors: invalid };
    const operation = getOperationAST(document, request.operationName ?? undefined);
    const mutation = operation?.operation === OperationTypeNode.MUTATION;
    let compiled: CompiledQuery | undefined;
    try {
      const { compileQuery, isCompiledQuery } = graphqlJit();
      const outcome = compileQuery(this.schema, document, request.operationName ?? undefined);
      if (isCompiledQuery(outcome)) compiled = outcome;
    } catch (error) {
      this.options.log.warn('graphql operation not compiled; graphql-js runs it', {
        operationName: request.operationName ?? null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return { kind: 'ready', document, mutation, compiled };
  }

  /** How many operations are kept prepared, and how many of those run compiled. */
  preparedOperations(): { kept: number; compiled: number } {
    let compiled = 0;
    for (const prepared of this.prepared.values())
      if (prepared.kind === 'ready' && prepared.compiled) compiled++;
    return { kept: this.prepared.size, compiled };
  }

  private format(error: GraphQLError) {
    return formatGraphQLError(error, this.options.log);
  }
}
