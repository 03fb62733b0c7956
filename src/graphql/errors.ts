import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ImportRefusedError } from '../modules/ingest/source-rows';
import { AuthenticationError, AuthorizationError } from 'type-graphql';
import { OperationForbiddenError } from '../auth/auth-checker';
import { ReviewRefusedError } from '../modules/identity/review.service';
import { BadRequestError } from '../modules/common/requests';
import { CaseForbiddenError } from '../modules/cases/case.service';
import { ReportForbiddenError } from '../modules/cases/mandatory-report.service';
import { SubscriptionRefusedError } from '../modules/events/subscription.service';
import { withoutSuggestions } from './suggestions';

/**
 * Domain errors become GraphQL error codes in this one place; anything unexpected is reported
 * without its internals (and logged here, on the server). No answer carries a stack trace, in
 * any mode: a trace repeats the error's first message, before anything was taken out of it (a
 * suggestion, say), and shows the server's code to whoever sent the query. Nor does any message
 * carry a suggestion (suggestions.ts).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  const mapped = asHubError({ ...formatted, ...(formatted.extensions === undefined ? {} : { extensions }) }, error);
  return { ...mapped, message: withoutSuggestions(mapped.message) };
}

function asHubError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ImportRefusedError || original instanceof BadRequestError || original instanceof ReviewRefusedError) {
    return { message: original.message, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof CaseForbiddenError || original instanceof ReportForbiddenError || original instanceof SubscriptionRefusedError || original instanceof OperationForbiddenError) {
    // A case the viewer may see but not move on (another role owns it, or takes this step of a
    // report's chain), a mutation the role may not run, or a subscription that could never be
    // told anything: the reason, not only "denied".
    return { message: `Access denied: ${original.message}`, path: formatted.path, extensions: { code: 'FORBIDDEN' } };
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
