import { useEffect, useState } from 'preact/hooks';
import { whenUnauthenticated } from './api';
import { Refused } from './components';
import { areaLabel, useAreaNames } from './data';
import { label, ROLE_LABELS } from './labels';
import { homeOf, PAGES } from './pages/registry';
import { SignInPage } from './pages/sign-in';
import { href, matchPath, navigate, useRoute } from './router';
import { clearSession, loadSession, saveSession, sessionFromToken, type Session } from './session';

/** The frame every page sits in: who is signed in, the menu for the role, sign-out. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => sessionFromRedirect() ?? loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute();

  useEffect(() => {
    whenUnauthenticated(() => {
      clearSession();
      setSession(null);
      setNotice('登录已失效，请重新登录');
    });
  }, []);

  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
    setNotice(null);
    navigate(homeOf(next.role));
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    navigate('/');
  };

  const atRoot = route.path === '/' || route.path === '/sign-in';
  useEffect(() => {
    if (session !== null && atRoot) navigate(homeOf(session.role));
  }, [session, atRoot]);

  if (session === null) return <SignInPage onSignIn={signIn} notice={notice} />;
  if (atRoot) return null;
  return <Frame session={session} onSignOut={signOut} />;
}

function Frame({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const names = useAreaNames(session);
  const found = PAGES.map((page) => ({ page, params: matchPath(page.path, route.path) })).find((m) => m.params !== null);
  const allowed = found !== undefined && found.page.roles.includes(session.role);
  const Page = found?.page.component;
  useEffect(() => {
    document.title = `${found?.page.title ?? '页面不存在'} · 儿童信息一人一档`;
  }, [found?.page.title]);
  return (
    <div class="frame">
      <header class="top">
        <a class="brand" href={href(homeOf(session.role))}>
          儿童信息一人一档
        </a>
        <nav class="menu" aria-label="主菜单">
          {PAGES.filter((page) => page.nav && page.roles.includes(session.role)).map((page) => (
            <a key={page.path} href={href(page.path)} class={route.path === page.path ? 'active' : undefined}>
              {page.title}
            </a>
          ))}
        </nav>
        <div class="who" data-testid="who">
          <span class="role">{label(ROLE_LABELS, session.role)}</span>
          <span class="area" title={session.area}>
            {areaLabel(names, session.area)}
          </span>
          <span class="sub">{session.sub}</span>
          <button type="button" class="link" onClick={onSignOut}>
            退出
          </button>
        </div>
      </header>
      <main class="content">
        {found === undefined ? (
          <div class="refused" role="alert">
            <h1>页面不存在</h1>
          </div>
        ) : !allowed || Page === undefined ? (
          <Refused />
        ) : (
          <Page key={route.path} session={session} route={route} params={found.params!} />
        )}
      </main>
    </div>
  );
}

/**
 * An identity provider that sends the person back with `#access_token=…` (the fragment never
 * reaches a server): the token is taken and the address cleaned at once.
 */
function sessionFromRedirect(): Session | null {
  const match = /(?:^#|&)access_token=([^&]+)/.exec(location.hash);
  if (match === null) return null;
  history.replaceState(null, '', location.pathname);
  const session = sessionFromToken(decodeURIComponent(match[1]));
  if (session !== null) saveSession(session);
  return session;
}
