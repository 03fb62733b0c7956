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
  if (code === 'FORBIDDEN') return /^Access denied: (?!your role may not see)/.test(message) ? '您的角色不能进行此操作' : '您的角色无权查看此内容';
  const casework = caseworkMessage(message);
  if (casework !== null) return casework;
  if (/in the future/.test(message)) return '走访日期不能晚于今天';
  if (/before the child was born/.test(message)) return '走访日期不能早于儿童出生日期';
  if (/real date/.test(message)) return '请填写有效的日期';
  if (/needs notes/.test(message)) return '请填写走访情况';
  if (/no child/.test(message)) return '未找到该儿童，或不在您的辖区内';
  if (/outside your area/.test(message)) return '该区域不在您的辖区内';
  if (code === 'BAD_REQUEST' || code === 'BAD_USER_INPUT') return '请求有误，请检查后重试';
  return '服务器出错，请稍后重试';
}

/** The hub's refusals of a case or report step, in the words of the person doing the work. */
const CASEWORK_MESSAGES: [RegExp, string][] = [
  [/needs an outcome/, '请选择处理结果'],
  [/needs a note|NOTE needs a note/, '请填写处理情况说明'],
  [/only an OPEN case can be started/, '只有待处理的个案可以开始处理'],
  [/only a RESOLVED or CLOSED case can be reopened/, '只有已办结或已关闭的个案可以重新打开'],
  [/already has \w+ case \d* ?open/, '该儿童已有同类个案在办，请在该个案中添加备注'],
  [/is already (RESOLVED|CLOSED)|case \d+ is (RESOLVED|CLOSED)$/, '该个案已办结或已关闭'],
  [/is limited to/, '内容超过长度限制'],
  [/observedOn cannot be in the future/, '发现日期不能晚于今天'],
  [/birthDate cannot be in the future/, '出生日期不能晚于今天'],
  [/a report names the child/, '请填写儿童编号，或儿童姓名、出生日期和所在区域'],
  [/name must be a child's name/, '请填写儿童姓名（不超过 50 字）'],
  [/areaCode must be a county, town or village code/, '所在区域应为本县的县、乡镇或村（居）代码'],
  [/respondedAt cannot be in the future/, '出警时间不能晚于现在'],
  [/respondedAt is before/, '出警时间不能早于报告时间'],
  [/townNotifiedOn cannot be in the future/, '通报乡镇日期不能晚于今天'],
  [/townNotifiedOn is before/, '通报乡镇日期不能早于报告日期'],
  [/needs careGiver/, '临时照料或安置须选择照料方'],
  [/support names at least one measure/, '请至少选择一项帮扶措施'],
  [/SUPPORT_ARRANGED needs the support recorded first/, '须先记录帮扶措施，才能以"已落实帮扶"办结'],
  [/not assessed yet|waits for the police's response/, '该报告尚未完成前一步骤'],
  [/has its response already|is assessed already/, '该步骤已由他人完成，请刷新页面'],
  [/must be a real date/, '请填写有效的日期'],
  [/is required$/, '请填写必填项'],
];

function caseworkMessage(message: string): string | null {
  return CASEWORK_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}
