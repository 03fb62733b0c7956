import { mayUseDevelopmentSignIn } from '../../../src/console/dev-sign-in';

const request = (remoteAddress: string, host: string | undefined) => ({ socket: { remoteAddress }, headers: host === undefined ? {} : { host } });

// The development sign-in hands out any role's token: only to this machine, asked by its own name.
describe('who may use the development sign-in', () => {
  it.each([
    ['127.0.0.1', 'localhost:4000'],
    ['127.0.0.1', '127.0.0.1:4000'],
    ['::ffff:127.0.0.1', 'localhost'],
    ['::1', '[::1]:4000'],
  ])('this machine (%s, Host %s)', (remote, host) => {
    expect(mayUseDevelopmentSignIn(request(remote, host))).toBe(true);
  });

  it.each([
    ['another machine', '192.168.1.20', '192.168.1.5:4000'],
    ['another machine naming localhost', '10.0.0.7', 'localhost:4000'],
    ['a re-pointed name (DNS rebinding)', '127.0.0.1', 'evil.example:4000'],
    ['no Host header', '127.0.0.1', undefined],
  ])('not %s', (_case, remote, host) => {
    expect(mayUseDevelopmentSignIn(request(remote, host))).toBe(false);
  });
});
