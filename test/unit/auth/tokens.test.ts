import { SignJWT } from 'jose';
import { Role } from '../../../src/auth/roles';
import { DEVELOPMENT_TOKEN_ADDRESS, MAX_TOKEN_LENGTH, signDevelopmentToken, TokenVerifier } from '../../../src/auth/tokens';
import { MAX_SUBJECT_LENGTH } from '../../../src/auth/viewer';

const SECRET = 'a-unit-test-secret-of-at-least-32-characters';
const DIRECTOR = { sub: 'director-li', role: Role.VILLAGE_DIRECTOR, area: '500109110244' };

describe('TokenVerifier', () => {
  let clock = Date.now();
  const verifier = () => new TokenVerifier({ secret: SECRET, jwksUrl: null, ...DEVELOPMENT_TOKEN_ADDRESS }, () => clock);
  const bearer = async (expiresIn = '1h', secret = SECRET) => `Bearer ${await signDevelopmentToken(secret, DIRECTOR, expiresIn)}`;
  /** A token signed with the right secret whose claims are whatever the test says. */
  const forged = (claims: Record<string, unknown>, shape: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    shape(new SignJWT({ role: DIRECTOR.role, area: DIRECTOR.area, ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt())
      .sign(new TextEncoder().encode(SECRET))
      .then((token) => `Bearer ${token}`);
  const addressed = (jwt: SignJWT) => jwt.setIssuer(DEVELOPMENT_TOKEN_ADDRESS.issuer).setAudience(DEVELOPMENT_TOKEN_ADDRESS.audience).setExpirationTime('1h');

  beforeEach(() => {
    clock = Date.now();
  });

  it('gives the same viewer for a token it has already verified, frozen', async () => {
    const tokens = verifier();
    const header = await bearer();
    const first = await tokens.viewerOf(header);
    expect(first).toEqual(DIRECTOR);
    const again = await tokens.viewerOf(header);
    expect(again).toEqual(first);
    expect(Object.isFrozen(again)).toBe(true);
  });

  it('refuses a remembered token once it has expired', async () => {
    const tokens = verifier();
    const header = await bearer('60s');
    await tokens.viewerOf(header);
    clock += 61_000;
    await expect(tokens.viewerOf(header)).rejects.toThrow('the token has expired');
    await expect(tokens.viewerOf(header)).rejects.toThrow('the token has expired');
  });

  it('never lets a forged token through because a genuine one was remembered', async () => {
    const tokens = verifier();
    const genuine = await bearer();
    await tokens.viewerOf(genuine);
    const [head, payload] = genuine.slice('Bearer '.length).split('.');
    await expect(tokens.viewerOf(`Bearer ${head}.${payload}.${'A'.repeat(43)}`)).rejects.toThrow(/signature does not match this hub's key/);
  });

  it("says that a token made with another secret does not match this hub's key", async () => {
    await expect(verifier().viewerOf(await bearer('1h', 'another-secret-of-at-least-32-characters!!'))).rejects.toThrow(
      "the token's signature does not match this hub's key (a development token must be made with this hub's secret)",
    );
  });

  it.each([
    ['another issuer', { sub: 'x' }, (jwt: SignJWT) => addressed(jwt).setIssuer('https://elsewhere.example'), "the token's issuer (iss) is not the one this hub trusts"],
    ['no issuer', { sub: 'x', aud: DEVELOPMENT_TOKEN_ADDRESS.audience, exp: Math.floor(Date.now() / 1000) + 3600 }, (jwt: SignJWT) => jwt, "the token's issuer (iss) is not the one this hub trusts"],
    ['another audience', { sub: 'x' }, (jwt: SignJWT) => addressed(jwt).setAudience('another-service'), "the token's audience (aud) is not this hub"],
    ['no audience', { sub: 'x', iss: DEVELOPMENT_TOKEN_ADDRESS.issuer, exp: Math.floor(Date.now() / 1000) + 3600 }, (jwt: SignJWT) => jwt, "the token's audience (aud) is not this hub"],
    ['no expiry', { sub: 'x', iss: DEVELOPMENT_TOKEN_ADDRESS.issuer, aud: DEVELOPMENT_TOKEN_ADDRESS.audience }, (jwt: SignJWT) => jwt, 'the token has no expiry (exp)'],
    ['a subject longer than the audit log holds', { sub: 'x'.repeat(MAX_SUBJECT_LENGTH + 1) }, addressed, `the token's subject (sub) is longer than ${MAX_SUBJECT_LENGTH} characters`],
    ['a subject with a NUL in it', { sub: 'director\u0000li' }, addressed, "the token's subject (sub) contains control characters"],
    ['a role of 2,000 characters (not echoed whole)', { sub: 'x', role: 'R'.repeat(2000) }, addressed, /^the token's role "R{36}\.\.\. is not a hub role$/],
  ])('refuses a token with %s, with a one-line reason', async (_what, claims, shape, reason) => {
    await expect(verifier().viewerOf(await forged(claims, shape))).rejects.toThrow(reason);
  });

  it('accepts an audience among several, and a subject of the longest length the audit log holds', async () => {
    const header = await forged({ sub: 's'.repeat(MAX_SUBJECT_LENGTH) }, (jwt) => addressed(jwt).setAudience(['another-service', DEVELOPMENT_TOKEN_ADDRESS.audience]));
    expect((await verifier().viewerOf(header)).sub).toHaveLength(MAX_SUBJECT_LENGTH);
  });

  it('refuses a token longer than any identity provider sends before decoding it', async () => {
    await expect(verifier().viewerOf(`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`)).rejects.toThrow(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  });

  it('checks issuer and audience against its own settings, not the development defaults', async () => {
    const address = { issuer: 'https://idp.example/realms/county', audience: 'hub-500109' };
    const tokens = new TokenVerifier({ secret: SECRET, jwksUrl: null, ...address }, () => clock);
    await expect(tokens.viewerOf(await bearer())).rejects.toThrow("the token's issuer (iss) is not the one this hub trusts");
    const header = `Bearer ${await signDevelopmentToken(SECRET, DIRECTOR, '1h', address)}`;
    expect(await tokens.viewerOf(header)).toEqual(DIRECTOR);
  });
});
