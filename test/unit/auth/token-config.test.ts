import { ConfigError, DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER, loadConfig } from '../../../src/config';

// The token part of the configuration: which issuer and audience tokens must name, and where
// the keys that sign them may come from.
describe('token configuration', () => {
  const IDP = { HUB_JWT_ISSUER: 'https://idp.example/realms/county', HUB_JWT_AUDIENCE: 'child-data-hub' };
  const load = (env: Record<string, string>) => loadConfig(env, '/srv/hub');

  it('gives development tokens an issuer and audience of their own by default', () => {
    expect(load({})).toMatchObject({ jwksUrl: null, jwtIssuer: DEVELOPMENT_JWT_ISSUER, jwtAudience: DEVELOPMENT_JWT_AUDIENCE });
    expect(load({ HUB_JWT_ISSUER: 'county-dev', HUB_JWT_AUDIENCE: 'hub-test' })).toMatchObject({ jwtIssuer: 'county-dev', jwtAudience: 'hub-test' });
  });

  it.each([
    ['https://idp.example/realms/county/protocol/openid-connect/certs'],
    ['http://localhost:8080/jwks.json'],
    ['http://127.0.0.1:8080/jwks.json'],
    ['http://127.8.9.10/jwks.json'],
    ['http://[::1]:8080/jwks.json'],
  ])('accepts the JWKS URL %s', (url) => {
    expect(load({ HUB_JWKS_URL: url, ...IDP }).jwksUrl).toBe(url);
  });

  it.each([
    ['plain http to another host', 'http://idp.example/jwks.json'],
    ['plain http to a private address', 'http://10.0.0.5/jwks.json'],
    ['plain http to a host named like loopback', 'http://127.0.0.1.idp.example/jwks.json'],
    ['plain http to a subdomain of localhost', 'http://keys.localhost/jwks.json'],
    ['plain http to all interfaces', 'http://0.0.0.0/jwks.json'],
    ['another scheme', 'ftp://idp.example/jwks.json'],
    ['a file', 'file:///etc/jwks.json'],
  ])('refuses %s as the JWKS URL', (_what, url) => {
    expect(() => load({ HUB_JWKS_URL: url, ...IDP })).toThrow(new ConfigError('HUB_JWKS_URL must be an https:// URL (http:// only on loopback: localhost, 127.0.0.0/8, ::1)'));
  });

  it('refuses a JWKS URL that is no URL', () => {
    expect(() => load({ HUB_JWKS_URL: 'idp.example/jwks', ...IDP })).toThrow(/HUB_JWKS_URL must be a URL/);
  });

  it.each([
    ['no issuer', { HUB_JWT_AUDIENCE: 'child-data-hub' }],
    ['no audience', { HUB_JWT_ISSUER: 'https://idp.example/realms/county' }],
  ])('with a JWKS URL, refuses %s: the identity provider’s are never the development defaults', (_what, env) => {
    expect(() => load({ HUB_JWKS_URL: 'https://idp.example/jwks.json', ...env })).toThrow(/HUB_JWKS_URL needs HUB_JWT_ISSUER and HUB_JWT_AUDIENCE/);
  });

  it('requires a JWKS URL, an issuer and an audience in production', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/NODE_ENV=production needs HUB_JWKS_URL/);
    expect(() => load({ NODE_ENV: 'production', HUB_JWKS_URL: 'https://idp.example/jwks.json' })).toThrow(/needs HUB_JWT_ISSUER and HUB_JWT_AUDIENCE/);
    expect(load({ NODE_ENV: 'production', HUB_JWKS_URL: 'https://idp.example/jwks.json', ...IDP })).toMatchObject({ production: true, jwtIssuer: IDP.HUB_JWT_ISSUER, jwtAudience: IDP.HUB_JWT_AUDIENCE });
  });
});
