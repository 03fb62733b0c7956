import { Client } from 'pg';

/** The channel the `event` table's trigger notifies on commit (migration 20261206190700). */
export const EVENT_CHANNEL = 'hub_event';

/** Waits between attempts to listen again after the connection was lost, the last one repeated. */
const RECONNECT_DELAYS_MS = [100, 200, 500, 1000, 2000, 5000];

/**
 * The process's one LISTEN connection, shared by every subscription of the process: it tells
 * each watcher that events may have been written (by this node, another API node or `hub
 * worker`), and each watcher reads the events it may be told itself. A notification carries no
 * data, so one lost while the connection was down costs nothing: once listening again, every
 * watcher is woken and reads from its last id.
 *
 * A plain `pg` client, not one of the pool's: LISTEN belongs to a session, which a pool would
 * hand to the next query.
 */
export class EventFeed {
  private readonly watchers = new Set<() => void>();
  private client: Client | null = null;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private notified = 0;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void = () => undefined,
    private readonly reconnectDelaysMs: readonly number[] = RECONNECT_DELAYS_MS,
  ) {}

  /** Listens before the server answers its first subscription: a failure here refuses to start. */
  async start(): Promise<void> {
    await this.listen();
  }

  /** Calls `wake` whenever events may have been written; the returned function stops it. */
  watch(wake: () => void): () => void {
    this.watchers.add(wake);
    return () => {
      this.watchers.delete(wake);
    };
  }

  /** How many subscriptions are watching (for tests and status). */
  get watching(): number {
    return this.watchers.size;
  }

  /**
   * How many times watchers were woken: a read begun at generation g has seen every event
   * notified up to g (a notification is sent after its commit).
   */
  get generation(): number {
    return this.notified;
  }

  /** Whether the LISTEN connection is open. */
  get listening(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'hub-events' });
    // Without a listener an 'error' (the session ended by an administrator, a database restart)
    // would end the process; here it only means listening again.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === EVENT_CHANNEL) this.wakeAll();
    });
    try {
      await client.connect();
      await client.query(`/* listenEvents */ LISTEN ${EVENT_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
  }

  private lost(client: Client, error: Error | null): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.log(`subscriptions: the LISTEN connection ended${error ? ` (${error.message})` : ''}; listening again`);
    this.reconnect();
  }

  private reconnect(): void {
    const delays = this.reconnectDelaysMs;
    const delay = delays[Math.min(this.failures, delays.length - 1)];
    this.failures += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stopped) return;
      this.listen().then(
        // Events written while nobody listened were notified to no one: every watcher reads now.
        () => this.wakeAll(),
        (error: unknown) => {
          this.log(`subscriptions: cannot listen for events (${(error as Error).message}); trying again`);
          if (!this.stopped) this.reconnect();
        },
      );
    }, delay);
  }

  private wakeAll(): void {
    this.notified += 1;
    for (const wake of this.watchers) wake();
  }
}
