import { isWarmUpKey, warmUpRequests } from '../../../src/graphql/warm-up';

// The warm-up listener lives on loopback for a moment at each start; a request there runs as
// the warm-up viewer only with this start's key, never because it came without a token.
describe('the warm-up key', () => {
  const key = 'k'.repeat(43);

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another key of the same length', 'x'.repeat(43)],
    ['a prefix of the key', key.slice(0, 10)],
    ['the key twice (a repeated header)', [key, key]],
  ])('refuses %s', (_what, sent) => {
    expect(isWarmUpKey(sent, key)).toBe(false);
  });

  it('accepts the key of this start', () => {
    expect(isWarmUpKey(key, key)).toBe(true);
  });
});

describe('the warm-up requests', () => {
  it('meet each limit once, with one normal question and one bad token', () => {
    const requests = warmUpRequests({ maxBatch: 100 });
    expect(requests.filter((r) => r.status === 200).map((r) => r.query)).toEqual(['{ __typename }']);
    expect(requests.filter((r) => r.status === 401).every((r) => r.authorization !== undefined)).toBe(true);
    expect((requests.find((r) => r.name === 'too many references')!.variables!.r as unknown[]).length).toBe(101);
  });
});
