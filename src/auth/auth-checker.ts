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

export const authChecker: AuthChecker<{ viewer: Viewer | null }, Role> = ({ context }, roles) => isAllowed(context.viewer, roles);
