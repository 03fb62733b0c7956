import { isLoopback } from '../../config';

/**
 * Where a webhook may point: an `https` URL whose host is listed in HUB_WEBHOOK_HOSTS (plain
 * `http` only to a listed loopback host: a receiver on the hub's own machine, in tests). No other
 * host is ever called, so a subscriber cannot make the hub reach into the county network. The
 * deliverer follows no redirect (one could lead anywhere).
 */
export function webhookUrlProblem(raw: string, allowedHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'url must not carry a user name or password';
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(host))) return 'url must be https (http only on loopback)';
  if (!allowedHosts.includes(host)) return `the host ${host} is not one the hub may call (HUB_WEBHOOK_HOSTS)`;
  return null;
}
