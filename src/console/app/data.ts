import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from './api';
import type { Operation } from './operations';
import type { Session } from './session';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** Runs an operation when the page opens and whenever `key` (its variables) changes. */
export function useOperation<Result, Variables>(session: Session, operation: Operation<Result, Variables>, variables: Variables | null): Loaded<Result> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data: Result | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: variables !== null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (variables === null) return;
    let current = true;
    setState((before) => ({ ...before, loading: true, error: null }));
    request(session, operation, variables).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error: toApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [session.token, key, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('CLIENT', '页面出错，请刷新后重试', String(error));
}

/** Names of the areas under the viewer's area (public division names), fetched once per sign-in. */
const areaNameCache = new Map<string, Promise<Map<string, string>>>();

export function useAreaNames(session: Session): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let current = true;
    areaNames(session).then((found) => current && setNames(found), () => undefined);
    return () => {
      current = false;
    };
  }, [session.token]);
  return names;
}

export function areaNames(session: Session): Promise<Map<string, string>> {
  let names = areaNameCache.get(session.token);
  if (names === undefined) {
    names = fetch('/console/areas', { headers: { authorization: `Bearer ${session.token}` }, credentials: 'omit', cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<{ areas: { code: string; name: string | null }[] }>) : { areas: [] }))
      .then(({ areas }) => new Map(areas.filter((a) => a.name !== null).map((a) => [a.code, a.name as string])));
    areaNameCache.set(session.token, names);
  }
  return names;
}

/** "北碚区 › 澄江镇" for a code: the names of the levels below the county down to the code. */
export function areaLabel(names: Map<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const levels = [6, 9, 12].filter((length) => code.length >= length).map((length) => code.slice(0, length));
  const named = levels.map((level) => names.get(level)).filter((name): name is string => name !== undefined);
  return named.length === 0 ? code : named.slice(-2).join(' · ');
}

/** The name of one area alone, its code when unknown. */
export function areaName(names: Map<string, string>, code: string): string {
  return names.get(code) ?? code;
}
