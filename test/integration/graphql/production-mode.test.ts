import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { startServer, type RunningServer } from '../../../src/app';
import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { MAX_SUBJECT_LENGTH } from '../../../src/auth/viewer';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/config';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { postGraphql } from '../../support/server';

const ISSUER = 'https://idp.county.example/realms/children';
const AUDIENCE = 'child-data-hub';

// The hub as production runs it: RS256 tokens checked against an identity provider's JWKS
// (here a JWKS served on loopback over http, with keys made for the test), no introspection.
describe('a production server (NODE_ENV=production, through the real server)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningServer;
  let endpoint: string;
  let jwks: http.Server;
  let key: KeyLike;
  let otherKey: KeyLike;

  /** An RS256 token from the identity provider, with whatever the test changes. */
  const token = (change: { claims?: Record<string, unknown>; issuer?: string; audience?: string; expires?: string | null; signWith?: KeyLike; kid?: string } = {}) => {
    let jwt = new SignJWT({ role: Role.CIVIL_AFFAIRS, area: '500109', ...change.claims })
      .setProtectedHeader({ alg: 'RS256', kid: change.kid ?? 'county-1' })
      .setSubject((change.claims?.sub as string | undefined) ?? 'clerk-li')
      .setIssuer(change.issuer ?? ISSUER)
      .setAudience(change.audience ?? AUDIENCE)
      .setIssuedAt();
    if (change.expires !== null) jwt = jwt.setExpirationTime(change.expires ?? '1h');
    return jwt.sign(change.signWith ?? key);
  };
  const ask = async (query: string, bearer?: string) => postGraphql(endpoint, query, undefined, bearer ?? (await token()));

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const published = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'county-1', alg: 'RS256', use: 'sig' }] };
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    db = await createTestDatabase();
    server = await startServer(
      { dataDir: tmp.dir, port: 0, host: '127.0.0.1', production: true, jwtSecret: null, jwksUrl, jwtIssuer: ISSUER, jwtAudience: AUDIENCE, maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
      db,
    );
    endpoint = `${server.url.replace(/\/$/, '')}/graphql`;
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
    await db?.close();
    tmp.cleanup();
  });

  it("answers a token signed with the identity provider's key", async () => {
    const { status, body } = await ask('{ hubStatus { identity { children } } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { hubStatus: { identity: { children: 0 } } } });
  });

  it('warmed up before listening without a development secret (every request as meant)', () => {
    expect(server.warmedUp.map(({ name, status }) => [name, status])).toEqual(server.warmedUp.map(({ name, expected }) => [name, expected]));
    expect(fs.existsSync(path.join(tmp.dir, 'jwt.secret'))).toBe(false);
  });

  it.each([
    ['another issuer', () => token({ issuer: 'https://elsewhere.example' }), "the token's issuer (iss) is not the one this hub trusts"],
    ['another audience', () => token({ audience: 'another-service' }), "the token's audience (aud) is not this hub"],
    ['no expiry', () => token({ expires: null }), 'the token has no expiry (exp)'],
    ['a subject longer than the audit log holds', () => token({ claims: { sub: 'x'.repeat(MAX_SUBJECT_LENGTH + 1) } }), `the token's subject (sub) is longer than ${MAX_SUBJECT_LENGTH} characters`],
    ['a subject of 10,000 characters', () => token({ claims: { sub: 'x'.repeat(10_000) } }), /the token's subject \(sub\) is longer than|the token is longer than/],
    ['a signature by another key under the same key id', () => token({ signWith: otherKey }), "the token's signature does not match the identity provider's keys"],
    ['a key id the identity provider does not publish', () => token({ signWith: otherKey, kid: 'someone-else' }), 'no key of the identity provider matches the token'],
    ['a development token (HS256)', () => signDevelopmentToken('a-development-secret-of-32-characters!!', { sub: 'x', role: Role.CIVIL_AFFAIRS, area: '500109' }), 'the token is not signed with RS256'],
  ])('answers a token with %s with HTTP 401 and a one-line reason', async (_what, make, reason) => {
    const { status, body } = await ask('{ hubStatus { identity { children } } }', await make());
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].message).toMatch(reason);
    expect(body.errors![0].message).not.toContain('\n');
    expect(body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['__schema', '{ __schema { queryType { name } } }', /introspection/i],
    ['__type', '{ __type(name: "Child") { name } }', /introspection/i],
    ['_service, the subgraph SDL', '{ _service { sdl } }', /^The subgraph SDL \(_service\) is not available: introspection is off\.$/],
    ['_service inside a fragment', '{ ...S } fragment S on Query { _service { sdl } }', /_service/],
  ])('refuses %s while validating (no schema is printed)', async (_what, query, reason) => {
    const { status, body } = await ask(query);
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0].message).toMatch(reason);
    expect(JSON.stringify(body)).not.toMatch(/type Child|@key|stacktrace/);
  });

  it('still resolves federated references (_entities), which a supergraph needs', async () => {
    const { status, body } = await postGraphql(endpoint, 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id } } }', { r: [{ __typename: 'Child', id: 'C0000000000000000' }] }, await token());
    expect(status).toBe(200);
    expect(body).toEqual({ data: { _entities: [null] } });
  });
});
