import { AREA_LENGTHS, Role, aRole } from './roles';

/** Who is asking: the token's subject, role and area (a GB/T 2260 code prefix). */
export interface Viewer {
  readonly sub: string;
  readonly role: Role;
  readonly area: string;
}

/** The request cannot be authenticated (no token, a bad or expired one): HTTP 401. */
export class AuthError extends Error {}

/**
 * The longest subject a token may name. Every read of a child's file is audited under it, and the
 * audit column holds 200 characters (audit_entry.subject): a longer one would fail the read with
 * an internal error instead of refusing the token. (A JavaScript length counts UTF-16 units,
 * never fewer than PostgreSQL's characters, so a subject that passes here always fits.)
 */
export const MAX_SUBJECT_LENGTH = 200;

/** Control characters (NUL among them, which PostgreSQL refuses in text) have no place in a name. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks a verified token's claims and turns them into a viewer. */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  const { sub, role, area } = claims;
  if (typeof sub !== 'string' || sub === '') throw new AuthError('the token has no subject (sub)');
  if (sub.length > MAX_SUBJECT_LENGTH) throw new AuthError(`the token's subject (sub) is longer than ${MAX_SUBJECT_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(sub)) throw new AuthError("the token's subject (sub) contains control characters");
  if (typeof role !== 'string' || !(Object.values(Role) as string[]).includes(role)) throw new AuthError(`the token's role ${shortJson(role)} is not a hub role`);
  if (typeof area !== 'string' || !/^\d+$/.test(area)) throw new AuthError('the token has no area code');
  if (!AREA_LENGTHS[role as Role].includes(area.length)) {
    throw new AuthError(`${aRole(role)} token needs an area code of ${AREA_LENGTHS[role as Role].join(' or ')} digits, not ${area.length}`);
  }
  return Object.freeze({ sub, role: role as Role, area });
}

/** A claim's value for a one-line reason: whatever the token holds, the answer stays short. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Whether an area code (village, town or county) lies in the viewer's area. */
export function inArea(viewer: Viewer, areaCode: string | null | undefined): boolean {
  return typeof areaCode === 'string' && areaCode.startsWith(viewer.area);
}
