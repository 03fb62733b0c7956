import type { AuthChecker } from 'type-graphql';
import type { Role } from './roles';
import type { Viewer } from './viewer';

/**
 * The one authorisation rule of @Authorized: a pure function of the viewer and the roles an
 * operation or field allows (none listed: any authenticated viewer). Area scope is not decided
 * here but in the services, which know the child's area.
 */
export function isAllowed(viewer: Viewer | null, roles: readonly Role[]): boolean {
  if (viewer === null) return false;
  return roles.length === 0 || roles.includes(viewer.role);
}

/**
 * A mutation the role may not run is refused as that (OperationForbiddenError), not as a field it
 * may not see: the clerk is told that the action is not theirs to take.
 */
export const authChecker: AuthChecker<{ viewer: Viewer | null }, Role> = ({ context, info }, roles) => {
  if (isAllowed(context.viewer, roles)) return true;
  if (context.viewer !== null && info.operation.operation === 'mutation' && info.path.prev === undefined) throw new OperationForbiddenError(info.fieldName);
  return false;
};

/** A role's refusal to run a mutation (errors.ts answers it as FORBIDDEN). */
export class OperationForbiddenError extends Error {
  constructor(readonly operation: string) {
    super(`your role may not run ${operation}`);
  }
}
