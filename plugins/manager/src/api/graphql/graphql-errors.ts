import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { TesseraError, type Logger } from '@tessera/core';

/**
 * The one place GraphQL errors are shaped for clients. An error a resolver threw on purpose (a
 * TesseraError: forbidden, invalid parameters, database unavailable) keeps its message and
 * carries its stable code and problem type in `extensions`; syntax, validation and argument
 * errors pass as graphql-js words them; anything else is a bug: logged, and answered without
 * internals.
 */
export function formatGraphQLError(error: GraphQLError, log: Logger): GraphQLFormattedError {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) return error.toJSON();
  if (original instanceof TesseraError) {
    return {
      ...error.toJSON(),
      extensions: { ...error.extensions, code: original.code, type: original.problemType },
    };
  }
  log.error('graphql resolver failed', {
    path: error.path?.join('.'),
    error: { name: original.name, message: original.message, stack: original.stack },
  });
  const internal = TesseraError.internal('internal error while resolving the query');
  return {
    message: internal.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: internal.code, type: internal.problemType },
  };
}
