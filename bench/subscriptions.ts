/**
 * `node -r @swc-node/register bench/subscriptions.ts`: what eventAdded costs and how fast it tells.
 * A hub (`startServer`, no workers) on a fresh embedded PostgreSQL, S sockets each holding one
 * eventAdded subscription of civil affairs of one county (graphql-ws clients in this process),
 * then events written by another connection, as a reconciliation or `hub worker` writes them:
 *  1. latency: 20 events, one per transaction, each waited for by every subscriber; the median
 *     and the worst time from commit to the last subscriber told;
 *  2. throughput: E events in transactions of 100, written by another process (as a reconciliation
 *     is); the time until every subscriber has them all. The clients run in this process, with
 *     the server: their own work (parsing every message) is counted in.
 * Options: --subscribers S (100), --events E (10000).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startServer } from '../src/app';
import { Role } from '../src/auth/roles';
import { signDevelopmentToken } from '../src/auth/tokens';
import { DEFAULT_MAX_BODY_BYTES, DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER } from '../src/config';
import { Client as PgClient } from 'pg';
import { openDatabase } from '../src/db/database';
import { EventKind } from '../src/modules/events/event-kinds';
import { emitEvents } from '../src/modules/events/outbox';
import { option, args } from './support/options';

const subscribers = Number(option('--subscribers', '100'));
const total = Number(option('--events', '10000'));
const SECRET = 'bench-secret-of-at-least-thirty-two-characters';
const COUNTY = '500109';
const VILLAGE = '500109001001';

/** `--writer URL N`: writes N events in transactions of 100, in a process of its own. */
async function writer(url: string, n: number): Promise<void> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  const started = process.hrtime.bigint();
  for (let written = 0; written < n; written += 100) {
    await client.query('BEGIN');
    await emitEvents(client, Array.from({ length: Math.min(100, n - written) }, (_, k) => ({ kind: EventKind.FLAG_RAISED, childId: `B${String(1000 + written + k).padStart(9, '0')}`, flag: 'LEFT_BEHIND', areaCode: VILLAGE })));
    await client.query('COMMIT');
  }
  process.stdout.write(`${JSON.stringify({ seconds: Number(process.hrtime.bigint() - started) / 1e9 })}\n`);
  await client.end();
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-subs-'));
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  const server = await startServer(
    { dataDir, port: 0, host: '127.0.0.1', production: false, jwtSecret: SECRET, jwksUrl: null, jwtIssuer: DEVELOPMENT_JWT_ISSUER, jwtAudience: DEVELOPMENT_JWT_AUDIENCE, maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
    db,
    { workers: false, log: () => undefined },
  );
  const clients: Client[] = [];
  const counts: number[] = new Array(subscribers).fill(0);
  const lastIds: string[] = new Array(subscribers).fill('0');
  try {
    const url = `${server.url.replace(/^http/, 'ws')}graphql`;
    for (let i = 0; i < subscribers; i += 1) {
      const token = await signDevelopmentToken(SECRET, { sub: `bench-${i}`, role: Role.CIVIL_AFFAIRS, area: COUNTY });
      const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { token }, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
      clients.push(client);
      client.subscribe<{ eventAdded: { id: string } }>(
        { query: 'subscription { eventAdded(after: "0") { id kind childId areaCode } }' },
        {
          next: (result) => {
            if (result.data) {
              counts[i] += 1;
              lastIds[i] = result.data.eventAdded.id;
            }
          },
          error: (error) => console.error('subscription failed', error),
          complete: () => undefined,
        },
      );
    }
    const write = async (n: number, from: number) => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await emitEvents(client, Array.from({ length: n }, (_, k) => ({ kind: EventKind.FLAG_RAISED, childId: `B${String(from + k).padStart(9, '0')}`, flag: 'LEFT_BEHIND', areaCode: VILLAGE })));
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    const allHave = async (n: number) => {
      while (counts.some((c) => c < n)) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    // Every subscriber connected and subscribed: one event told to all.
    await write(1, 0);
    await allHave(1);

    const latencies: number[] = [];
    for (let k = 0; k < 20; k += 1) {
      const started = process.hrtime.bigint();
      await write(1, 1 + k);
      await allHave(2 + k);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    const already = 21;
    const started = process.hrtime.bigint();
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', __filename, '--writer', db.url, String(total)], { cwd: path.resolve(__dirname, '..') });
    const writtenMs = JSON.parse(stdout.trim().split('\n').pop()!).seconds * 1000;
    await allHave(already + total);
    const toldMs = Number(process.hrtime.bigint() - started) / 1e6;
    const summary = {
      subscribers,
      latencyMedianMs: +((latencies[9] + latencies[10]) / 2).toFixed(1),
      latencyWorstMs: +latencies[latencies.length - 1].toFixed(1),
      events: total,
      writtenSeconds: +(writtenMs / 1000).toFixed(2),
      allToldSeconds: +(toldMs / 1000).toFixed(2),
      deliveriesPerSecond: Math.round((subscribers * total) / (toldMs / 1000)),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.stop();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

(args[0] === '--writer' ? writer(args[1], Number(args[2])) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
