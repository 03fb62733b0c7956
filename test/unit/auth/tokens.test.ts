import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken, TokenVerifier } from '../../../src/auth/tokens';

const SECRET = 'a-unit-test-secret-of-at-least-32-characters';

describe('TokenVerifier', () => {
  let clock = Date.now();
  const verifier = () => new TokenVerifier({ secret: SECRET, jwksUrl: null }, () => clock);
  const bearer = async (expiresIn = '1h', secret = SECRET) =>
    `Bearer ${await signDevelopmentToken(secret, { sub: 'director-li', role: Role.VILLAGE_DIRECTOR, area: '500109110244' }, expiresIn)}`;

  beforeEach(() => {
    clock = Date.now();
  });

  it('gives the same viewer for a token it has already verified, frozen', async () => {
    const tokens = verifier();
    const header = await bearer();
    const first = await tokens.viewerOf(header);
    expect(first).toEqual({ sub: 'director-li', role: Role.VILLAGE_DIRECTOR, area: '500109110244' });
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
    await expect(tokens.viewerOf(`Bearer ${head}.${payload}.${'A'.repeat(43)}`)).rejects.toThrow('the token is not valid');
    await expect(tokens.viewerOf(await bearer('1h', 'another-secret-of-at-least-32-characters!!'))).rejects.toThrow('the token is not valid');
  });
});
