import { AREA_LENGTHS, Role } from './roles';

/** Who is asking: the token's subject, role and area (a GB/T 2260 code prefix). */
export interface Viewer {
  readonly sub: string;
  readonly role: Role;
  readonly area: string;
}

/** The request cannot be authenticated (no token, a bad or expired one): HTTP 401. */
export class AuthError extends Error {}

/** Checks a verified token's claims and turns them into a viewer. */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  const { sub, role, area } = claims;
  if (typeof sub !== 'string' || sub === '') throw new AuthError('the token has no subject (sub)');
  if (typeof role !== 'string' || !(Object.values(Role) as string[]).includes(role)) throw new AuthError(`the token's role ${JSON.stringify(role)} is not a hub role`);
  if (typeof area !== 'string' || !/^\d+$/.test(area)) throw new AuthError('the token has no area code');
  if (!AREA_LENGTHS[role as Role].includes(area.length)) {
    throw new AuthError(`a ${role} token needs an area code of ${AREA_LENGTHS[role as Role].join(' or ')} digits, not ${area.length}`);
  }
  return Object.freeze({ sub, role: role as Role, area });
}

/** Whether an area code (village, town or county) lies in the viewer's area. */
export function inArea(viewer: Viewer, areaCode: string | null | undefined): boolean {
  return typeof areaCode === 'string' && areaCode.startsWith(viewer.area);
}
