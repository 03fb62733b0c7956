import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ImportRefusedError } from '../modules/ingest/source-rows';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import { ReviewRefusedError } from '../modules/identity/review.service';
import { BadRequestError } from '../modules/common/requests';

/**
 * Domain errors become GraphQL error codes in this one place; anything unexpected is reported
 * without its internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ImportRefusedError || original instanceof BadRequestError || original instanceof ReviewRefusedError) {
    return { message: original.message, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof AuthorizationError || original instanceof AuthenticationError) {
    // @Authorized: the role may not run this operation or see this field.
    return { message: `Access denied: your role may not see ${formatted.path?.join('.') ?? 'this'}`, path: formatted.path, extensions: { code: 'FORBIDDEN' } };
  }
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    console.error(original);
    return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return formatted;
}
