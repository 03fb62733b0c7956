import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { webhookSettings } from '../../../src/app';
import { Role } from '../../../src/auth/roles';
import { EventKind } from '../../../src/modules/events/event-kinds';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { SENDERS } from '../../../src/modules/webhooks/delivery';
import { WebhookService } from '../../../src/modules/webhooks/webhook.service';
import { startHub } from '../../support/cli';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { killHard, until } from '../../support/kill';
import { TEST_SECRET } from '../../support/server';
import { freePort } from '../../../src/net/free-port';

/**
 * At least once, across a kill -9: the real `hub serve` process (its workers deliver webhooks) is
 * killed while a delivery is in flight, started again, and every event reaches a receiver that
 * de-duplicates by `webhook-id`, exactly once after de-duplication. The restarted server takes up
 * the dead process's locked jobs at once (worker-liveness.ts), not when their lock expires hours
 * later.
 */

/** A department's receiver: answers 200 after a short wait; holds the `holdAt`-th request open until released. */
function slowReceiver(holdAt: number) {
  const ids: string[] = [];
  let release: (() => void) | null = null;
  let held: (() => void) | null = null;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      if (ids.length === holdAt) {
        release = () => res.writeHead(200).end();
        held!();
        return;
      }
      setTimeout(() => res.writeHead(200).end(), 5);
    });
  });
  return {
    ids,
    /** Resolves once the held request has arrived (a delivery is now in flight). */
    holding,
    release: () => {
      release?.();
      release = null;
    },
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}


describe('webhooks across a kill -9 of the server in the middle of a delivery', () => {
  const tmp = tempDir();
  const receiver = slowReceiver(20);
  let db: TestDatabase;
  let hub: ChildProcess | null = null;

  afterAll(async () => {
    if (hub) await killHard(hub);
    receiver.release();
    await receiver.stop();
    await db?.close();
    tmp.cleanup();
  });

  async function serve(): Promise<ChildProcess> {
    const port = await freePort();
    const child = startHub(['serve', '--port', String(port)], {
      ...db.env,
      HUB_DATA_DIR: tmp.dir,
      HUB_JWT_SECRET: TEST_SECRET,
      HUB_WEBHOOK_HOSTS: '127.0.0.1',
      NODE_ENV: 'development',
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await until(async () => output.includes('is serving') || child.exitCode !== null, 'the hub to serve', 60_000);
    if (child.exitCode !== null) throw new Error(`hub serve ended: ${output}`);
    return child;
  }

  it('delivers every event after a restart, each once to a receiver that de-duplicates by webhook-id', async () => {
    db = await createTestDatabase();
    const url = await receiver.start();
    // The subscriber sees the whole county, every kind civil affairs hears of.
    const box = webhookSettings({ dataDir: tmp.dir, webhookHosts: ['127.0.0.1'] }).box;
    const kinds = [EventKind.FLAG_RAISED, EventKind.FLAG_CLEARED, EventKind.CHILDREN_MERGED, EventKind.CHILD_SPLIT, EventKind.REVIEW_ITEM_CREATED, EventKind.RECONCILIATION_FINISHED];
    const viewer = { sub: 'civil-tester', role: Role.CIVIL_AFFAIRS, area: '500109' };
    await new WebhookService(db.pool, box, ['127.0.0.1']).create(viewer, { role: Role.CIVIL_AFFAIRS, areaCode: '500109', url: `${url}/civil`, kinds }, viewer.sub);

    // Events, written by a reconciliation here (the server's job finds nothing left to do).
    const county = await generatedCounty(path.join(tmp.dir, 'county'), 400, 'kill-delivery');
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id::text AS id FROM event WHERE kind = ANY($1::text[]) ORDER BY id`, [kinds]);
    const expected = rows.map((r) => `ev_${r.id}`);
    expect(expected.length).toBeGreaterThan(60);

    hub = await serve();
    await receiver.holding; // the 20th delivery is in flight: its answer never comes
    await killHard(hub);
    hub = null;
    const beforeRestart = new Set(receiver.ids).size;
    expect(beforeRestart).toBeLessThan(expected.length);

    const restartedAt = Date.now();
    receiver.release(); // on a connection whose client is dead: the server never hears this 200
    const { rows: lockedByDead } = await db.pool.query<{ worker: string }>(`SELECT DISTINCT locked_by AS worker FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL`);
    const deadWorkers = lockedByDead.map((r) => r.worker);
    expect(deadWorkers.length).toBeGreaterThanOrEqual(1); // the killed worker's delivery job
    hub = await serve();
    // By the time the server serves, the dead workers' jobs are free again (their lock would
    // otherwise hold for four hours).
    const { rows: stillLocked } = await db.pool.query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by = ANY($1::text[])`, [deadWorkers]);
    expect(stillLocked[0].n).toBe(0);
    await until(
      async () => (await db.pool.query(`SELECT count(*) FILTER (WHERE status = 'DELIVERED')::int AS n FROM webhook_delivery`)).rows[0].n === expected.length,
      'every delivery to be done',
      90_000,
    );
    // Taken up at once after the restart, not when the dead worker's lock expires.
    expect(Date.now() - restartedAt).toBeLessThan(90_000);

    const unique = [...new Set(receiver.ids)];
    expect(unique.sort()).toEqual([...expected].sort());
    // At least once: only deliveries in flight at the kill can come twice (at most SENDERS at once).
    const duplicates = receiver.ids.length - unique.length;
    expect(duplicates).toBeGreaterThanOrEqual(1); // the held one, whose 200 the dead process never read
    expect(duplicates).toBeLessThanOrEqual(SENDERS);
  }, 240_000);
});
