import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../../../schema/generated/console';
import { AREA_LENGTHS } from '../access';
import { label, ROLE_LABELS } from '../labels';
import { sessionFromToken, type Session } from '../session';

interface Area {
  code: string;
  name: string | null;
}

const ROLES = Object.keys(ROLE_LABELS) as Role[];
const LEVEL_NAMES: Record<number, string> = { 6: '区县', 9: '乡镇', 12: '村居' };

/**
 * Sign-in. In development the hub offers its areas and mints a token for the role and area
 * picked (/console/dev/*, absent in production). In production the identity provider's token is
 * pasted here or sent back in the address (#access_token=…): the page holds no secret.
 */
export function SignInPage({ onSignIn, notice }: { onSignIn: (session: Session) => void; notice: string | null }) {
  const [mode, setMode] = useState<'loading' | 'development' | 'production'>('loading');
  const [areas, setAreas] = useState<Area[]>([]);
  useEffect(() => {
    fetch('/console/dev/areas', { credentials: 'omit', cache: 'no-store' }).then(
      async (response) => {
        if (!response.ok) return setMode('production');
        setAreas(((await response.json()) as { areas: Area[] }).areas);
        setMode('development');
      },
      () => setMode('production'),
    );
  }, []);
  return (
    <div class="sign-in">
      <form class="card sign-in-card" onSubmit={(e) => e.preventDefault()}>
        <h1>儿童信息一人一档</h1>
        <p class="muted">民政、教育、公安数据比对与儿童关爱服务</p>
        {notice !== null && (
          <p class="error" role="alert">
            {notice}
          </p>
        )}
        {mode === 'loading' && <p class="muted">正在加载…</p>}
        {mode === 'development' && <DevelopmentSignIn areas={areas} onSignIn={onSignIn} />}
        {mode === 'production' && <TokenSignIn onSignIn={onSignIn} />}
      </form>
    </div>
  );
}

function DevelopmentSignIn({ areas, onSignIn }: { areas: Area[]; onSignIn: (session: Session) => void }) {
  const [role, setRole] = useState<Role>('CIVIL_AFFAIRS');
  const choices = areas.filter((a) => AREA_LENGTHS[role].includes(a.code.length));
  const [area, setArea] = useState<string>('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = choices.some((a) => a.code === area) ? area : (choices[0]?.code ?? '');

  const submit = async () => {
    setError(null);
    if (chosen === '') return setError('请选择区域');
    const response = await fetch('/console/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, area: chosen, name: name.trim() }),
      credentials: 'omit',
    }).catch(() => null);
    const body = response === null ? null : ((await response.json().catch(() => null)) as { token?: string } | null);
    const session = body?.token === undefined ? null : sessionFromToken(body.token);
    if (session === null) return setError('登录失败，请重试');
    onSignIn(session);
  };

  return (
    <div class="form" data-testid="development-sign-in">
      <p class="notice">开发模式：选择角色和区域，由本机签发测试令牌。</p>
      <label>
        角色
        <select name="role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {label(ROLE_LABELS, r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        区域
        <select name="area" value={chosen} onChange={(e) => setArea((e.target as HTMLSelectElement).value)}>
          {choices.map((a) => (
            <option key={a.code} value={a.code}>
              {`${a.name ?? a.code}（${LEVEL_NAMES[a.code.length]} ${a.code}）`}
            </option>
          ))}
        </select>
      </label>
      <label>
        姓名（选填，记入审计日志）
        <input name="name" value={name} maxLength={60} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" onClick={() => void submit()}>
        登录
      </button>
    </div>
  );
}

function TokenSignIn({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const session = sessionFromToken(token);
    if (session === null) return setError('令牌格式不正确，请粘贴身份认证系统签发的完整令牌');
    if (session.expiresAt * 1000 <= Date.now()) return setError('令牌已过期，请重新获取');
    onSignIn(session);
  };
  return (
    <div class="form" data-testid="token-sign-in">
      <p class="notice">请通过统一身份认证系统登录，或粘贴其签发的令牌。</p>
      <label>
        令牌
        <textarea name="token" rows={5} value={token} onInput={(e) => setToken((e.target as HTMLTextAreaElement).value)} />
      </label>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" onClick={submit}>
        登录
      </button>
    </div>
  );
}
