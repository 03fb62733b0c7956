import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ImportRefusedError } from '../modules/ingest/source-rows';

/**
 * Domain errors become GraphQL error codes in this one place; anything unexpected is reported
 * without its internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ImportRefusedError) {
    return { message: original.message, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    console.error(original);
    return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}
