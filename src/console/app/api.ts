import type { Operation } from './operations';
import type { Session } from './session';

/** A refusal or failure of the API, with its GraphQL code and a sentence in Chinese to show. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/** Called when the hub says the token is no good (HTTP 401): the console signs out. */
let onUnauthenticated: (reason: string) => void = () => undefined;
export function whenUnauthenticated(handler: (reason: string) => void): void {
  onUnauthenticated = handler;
}

/** Sends one typed operation to the hub's /graphql, same origin, with the token in the header. */
export async function request<Result, Variables>(session: Session, operation: Operation<Result, Variables>, variables: Variables): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ query: operation.text, variables }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('NETWORK', '无法连接到服务器，请检查网络后重试', 'network');
  }
  const body = (await response.json().catch(() => null)) as { data?: Result | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const first = body?.errors?.[0];
  if (response.status === 401) {
    const reason = first?.message ?? 'unauthenticated';
    onUnauthenticated(reason);
    throw new ApiError('UNAUTHENTICATED', '登录已失效，请重新登录', reason);
  }
  if (first !== undefined || body?.data == null) {
    const code = first?.extensions?.code ?? `HTTP_${response.status}`;
    throw new ApiError(code, chineseMessage(code, first?.message ?? ''), first?.message ?? '');
  }
  return body.data;
}

/** The API speaks English to programs; a person reads the reason in Chinese. */
export function chineseMessage(code: string, message: string): string {
  if (code === 'FORBIDDEN') return '您的角色无权查看此内容';
  if (/in the future/.test(message)) return '走访日期不能晚于今天';
  if (/before the child was born/.test(message)) return '走访日期不能早于儿童出生日期';
  if (/real date/.test(message)) return '请填写有效的日期';
  if (/needs notes/.test(message)) return '请填写走访情况';
  if (/no child/.test(message)) return '未找到该儿童，或不在您的辖区内';
  if (/outside your area/.test(message)) return '该区域不在您的辖区内';
  if (code === 'BAD_REQUEST' || code === 'BAD_USER_INPUT') return '请求有误，请检查后重试';
  return '服务器出错，请稍后重试';
}
