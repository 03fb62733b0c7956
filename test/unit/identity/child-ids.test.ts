import { assignChildIds, newChildId, type ClusterToName } from '../../../src/modules/identity/child-ids';

const cluster = (anchor: string, ...records: number[]): ClusterToName => ({ anchor, records });
const previous = (entries: [number, string][]) => new Map(entries);
const none = () => false;
const idsOf = (result: ReturnType<typeof assignChildIds>) => Object.fromEntries(result.clusters.map((c) => [c.records.join(','), c.childId]));

describe('stable child ids', () => {
  test('a new cluster gets an id derived from its anchor, the same in any database', () => {
    const result = assignChildIds([cluster('police:500109201304120311', 1, 2)], previous([]), none);
    expect(result.clusters[0]).toEqual({ childId: newChildId('police:500109201304120311'), records: [1, 2], isNew: true });
    expect(result.clusters[0].childId).toMatch(/^C[0-9A-F]{16}$/);
  });

  test('a child keeps its id when a record joins it', () => {
    const result = assignChildIds([cluster('a', 1, 2, 3)], previous([[1, 'C1'], [2, 'C1']]), none);
    expect(result.clusters[0]).toMatchObject({ childId: 'C1', isNew: false });
    expect(result.merged).toEqual([]);
  });

  test('when two children merge, the one with more records keeps its id and the other becomes an alias', () => {
    const result = assignChildIds([cluster('a', 1, 2, 3)], previous([[1, 'C1'], [2, 'C2'], [3, 'C2']]), none);
    expect(result.clusters[0].childId).toBe('C2');
    expect(result.merged).toEqual([{ absorbed: 'C1', into: 'C2' }]);
  });

  test('a tie in a merge keeps the smaller id', () => {
    const result = assignChildIds([cluster('a', 1, 2)], previous([[1, 'C9'], [2, 'C3']]), none);
    expect(result.clusters[0].childId).toBe('C3');
    expect(result.merged).toEqual([{ absorbed: 'C9', into: 'C3' }]);
  });

  test('when a child splits, the part with more records keeps the id and the rest get new ids', () => {
    const result = assignChildIds([cluster('b', 3), cluster('a', 1, 2)], previous([[1, 'C1'], [2, 'C1'], [3, 'C1']]), none);
    expect(idsOf(result)).toEqual({ '1,2': 'C1', '3': newChildId('b') });
    expect(result.merged).toEqual([]);
  });

  test('a new id avoids ids already in use (children and aliases)', () => {
    const taken = new Set([newChildId('a')]);
    const result = assignChildIds([cluster('a', 1)], previous([]), (id) => taken.has(id));
    expect(result.clusters[0].childId).toBe(newChildId('a', 1));
  });

  test('a new id never reuses an id another cluster keeps', () => {
    // Record 2 was child newChildId('z') before; the new cluster anchored at 'z' must not take that id.
    const kept = newChildId('z');
    const result = assignChildIds([cluster('y', 2), cluster('z', 5)], previous([[2, kept]]), none);
    expect(idsOf(result)).toEqual({ '2': kept, '5': newChildId('z', 1) });
  });

  test('the result does not depend on the order clusters are given in', () => {
    const clusters = [cluster('c', 5, 6), cluster('a', 1, 2), cluster('b', 3, 4)];
    const before = previous([[1, 'C1'], [3, 'C1'], [5, 'C5']]);
    expect(idsOf(assignChildIds(clusters, before, none))).toEqual(idsOf(assignChildIds([...clusters].reverse(), before, none)));
  });
});
