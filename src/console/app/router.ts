import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (#/dashboard?area=500109001): the hub serves one page at `/`, and a child's id in
 * the fragment never reaches a server log or a Referer.
 */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export function href(path: string, query: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return `#${path}${search === '' ? '' : `?${search}`}`;
}

export function navigate(path: string, query: Record<string, string | null | undefined> = {}): void {
  location.hash = href(path, query);
}

/** `/child/:id` against `/child/C123`: the parameters, or null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}
