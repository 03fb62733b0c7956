/**
 * Polls `check` until it answers something other than null or false, and returns that; fails
 * after `seconds`, saying what it waited for. The one way the tests wait for what the hub does in
 * the background: jobs, deliveries, subscriptions, a process starting or ending.
 */
export async function eventually<T>(check: () => Promise<T | null | false> | T | null | false, seconds = 20, what?: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await check();
    if (found !== null && found !== false) return found;
    if (Date.now() > deadline) throw new Error(what === undefined ? `not within ${seconds} s` : `timed out waiting for ${what} (${seconds} s)`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
