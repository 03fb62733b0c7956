import type { Role } from '../../../schema/generated/console';

/**
 * Who is signed in. The token lives in this tab's sessionStorage (gone when the tab closes) and
 * travels only in the Authorization header: never a cookie, which another site's page could make
 * the browser send. Role and area are read from the token to show them; the hub checks the token
 * itself on every request.
 */
export interface Session {
  token: string;
  sub: string;
  role: Role;
  area: string;
  /** Seconds since the epoch (the token's exp). */
  expiresAt: number;
}

const KEY = 'hub.console.session';

export function sessionFromToken(token: string): Session | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(decodeBase64Url(parts[1])) as Record<string, unknown>;
    const { sub, role, area, exp } = claims;
    if (typeof sub !== 'string' || typeof role !== 'string' || typeof area !== 'string' || typeof exp !== 'number') return null;
    return { token: token.trim(), sub, role: role as Role, area, expiresAt: exp };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (raw === null) return null;
  const session = sessionFromToken(raw);
  if (session === null || session.expiresAt * 1000 <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return session;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
