/**
 * `npm run bench:webhooks`: how long the hub takes to deliver 10,000 events to a department's
 * system (docs/BENCHMARKS.md; target < 60 s). A fresh embedded PostgreSQL, the real server with
 * its job workers, one subscriber (civil affairs, the whole county, every flag event) and a
 * receiver on loopback that answers 200 and checks each signature. The events are written as a
 * reconciliation writes them (outbox.ts emitEvents, one transaction: FLAG_RAISED for children
 * spread over the county's villages), and the clock runs from their commit to the receiver's
 * 10,000th distinct `webhook-id`.
 * Options: --events N (default 10000), --children C (default 2000: events per child are kept in
 * order, one line each), --concurrency K (the workers' jobs at once, default 4: the server's).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer, webhookSettings } from '../src/app';
import { Role } from '../src/auth/roles';
import { DEFAULT_MAX_BODY_BYTES, DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER } from '../src/config';
import { openDatabase } from '../src/db/database';
import { EventKind } from '../src/modules/events/event-kinds';
import { emitEvents, type NewEvent } from '../src/modules/events/outbox';
import { verifySignature } from '../src/modules/webhooks/signing';
import { WebhookService } from '../src/modules/webhooks/webhook.service';
import { option } from './support/options';

const total = Number(option('--events', '10000'));
const children = Number(option('--children', '2000'));
const concurrency = Number(option('--concurrency', '4'));
const log = (message: string) => process.stderr.write(`${message}\n`);
const FLAGS = ['DROPOUT', 'UNREGISTERED', 'LEFT_BEHIND', 'ALONE_UNDER_16'];

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-webhooks-'));
  // As root, the embedded PostgreSQL runs as another user, who must reach its folder inside.
  fs.chmodSync(work, 0o755);
  const dataDir = path.join(work, 'data');
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });

  let secret = '';
  const seen = new Set<string>();
  let requests = 0;
  let badSignatures = 0;
  let lastAt = 0;
  let done: () => void = () => undefined;
  const allDelivered = new Promise<void>((resolve) => (done = resolve));
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests += 1;
      const h = req.headers;
      if (!verifySignature(secret, String(h['webhook-id']), Number(h['webhook-timestamp']), body, String(h['webhook-signature']))) badSignatures += 1;
      seen.add(String(req.headers['webhook-id']));
      res.writeHead(200).end();
      if (seen.size === total) {
        lastAt = performance.now();
        done();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const config = {
    dataDir, port: 0, host: '127.0.0.1', production: false, jwtSecret: 'a-bench-secret-of-at-least-32-characters!', jwksUrl: null,
    jwtIssuer: DEVELOPMENT_JWT_ISSUER, jwtAudience: DEVELOPMENT_JWT_AUDIENCE, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, webhookHosts: ['127.0.0.1'],
  };
  const server = await startServer(config, db, { workers: { concurrency, pollIntervalMs: 2000 }, log: () => undefined });
  try {
    const viewer = { sub: 'bench', role: Role.CIVIL_AFFAIRS, area: '500109' };
    const created = await new WebhookService(db.pool, webhookSettings(config).box, ['127.0.0.1']).create(
      viewer, { role: Role.CIVIL_AFFAIRS, areaCode: '500109', url: receiverUrl, kinds: [EventKind.FLAG_RAISED] }, viewer.sub);
    secret = created.secret;

    const events: NewEvent[] = Array.from({ length: total }, (_, i) => {
      const child = i % children;
      const village = `500109${String(100 + (child % 20)).padStart(3, '0')}${String(200 + (child % 7)).padStart(3, '0')}`;
      return { kind: EventKind.FLAG_RAISED, childId: `BENCH${String(child).padStart(8, '0')}`, flag: FLAGS[i % FLAGS.length], areaCode: village, period: '2024Q1' };
    });
    const client = await db.pool.connect();
    let started: number;
    try {
      await client.query('BEGIN');
      await emitEvents(client, events);
      await client.query('COMMIT');
      started = performance.now();
    } finally {
      client.release();
    }
    log(`${total} events committed for ${Math.min(children, total)} children; delivering with ${concurrency} jobs at once`);
    const progress = setInterval(() => log(`  ${seen.size} delivered after ${((performance.now() - started) / 1000).toFixed(1)} s`), 5000);
    await allDelivered;
    clearInterval(progress);
    const seconds = (lastAt - started) / 1000;
    const { rows } = await db.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM webhook_delivery GROUP BY 1 ORDER BY 1`);
    console.log(`| events | children | jobs at once | seconds | events/s | requests | bad signatures | deliveries by status |`);
    console.log(`|---:|---:|---:|---:|---:|---:|---:|---|`);
    console.log(`| ${total.toLocaleString('en')} | ${Math.min(children, total).toLocaleString('en')} | ${concurrency} | ${seconds.toFixed(1)} | ${Math.round(total / seconds).toLocaleString('en')} | ${requests.toLocaleString('en')} | ${badSignatures} | ${rows.map((r) => `${r.status} ${r.n}`).join(', ')} |`);
  } finally {
    await server.stop();
    await db.close();
    receiver.closeAllConnections();
    receiver.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
