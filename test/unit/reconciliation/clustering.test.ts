import { clustersWithSeveral, clusterRecords, ClusteringInput, WeightedPair } from '../../../reconciliation/clustering';
import { seededRandom } from '../../../reconciliation/random';
import type { ExclusiveConstraint, MatchRecord } from '../../../reconciliation/settings';

const POLICE_ID: ExclusiveConstraint[] = [{ source: 'police', field: 'idNumber' }];

const police = (idNumber: string | null): MatchRecord => ({ id: `police:${idNumber}`, source: 'police', fields: { idNumber } });
const civil = (idNumber: string | null = null): MatchRecord => ({ id: `civil:${idNumber}`, source: 'civil-affairs', fields: { idNumber } });
const link = (a: number, b: number, weight: number): WeightedPair => ({ a, b, weight });

/** The clusters as sorted lists of record indexes, sorted by their first member. */
function groups(clusterOf: Int32Array): number[][] {
  const byCluster = new Map<number, number[]>();
  clusterOf.forEach((c, i) => (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(i));
  return [...byCluster.values()].sort((x, y) => x[0] - y[0]);
}

const cluster = (input: ClusteringInput) => {
  const result = clusterRecords(input);
  return { ...result, groups: groups(result.clusterOf) };
};

describe('clusterRecords', () => {
  test.each([
    {
      description: 'no links: every record alone',
      input: { records: [civil(), civil(), civil()], links: [] },
      expected: [[0], [1], [2]],
    },
    {
      description: 'links chain records into one cluster (transitive)',
      input: { records: [civil(), civil(), civil(), civil()], links: [link(0, 1, 9), link(1, 2, 9), link(2, 3, 9)] },
      expected: [[0, 1, 2, 3]],
    },
    {
      description: 'strongest first: the civil record joins the police record it links to more strongly',
      input: { records: [police('A'), civil(), police('B')], links: [link(0, 1, 10), link(1, 2, 20)], exclusive: POLICE_ID },
      expected: [[0], [1, 2]],
    },
    {
      description: 'a weak link cannot chain two police ID numbers together through a third record',
      input: { records: [police('A'), police('B'), civil()], links: [link(0, 2, 15), link(1, 2, 12)], exclusive: POLICE_ID },
      expected: [[0, 2], [1]],
    },
    {
      description: 'nor through a longer path: the weakest link of the chain is refused',
      input: {
        records: [police('A'), police('B'), civil(), civil()],
        links: [link(0, 2, 20), link(2, 3, 18), link(1, 3, 16)],
        exclusive: POLICE_ID,
      },
      expected: [[0, 2, 3], [1]],
    },
    {
      description: 'the chain breaks where it is weakest, wherever that is',
      input: {
        records: [police('A'), police('B'), civil(), civil()],
        links: [link(0, 2, 20), link(2, 3, 18), link(1, 3, 19)],
        exclusive: POLICE_ID,
      },
      expected: [[0, 2], [1, 3]],
    },
    {
      description: 'two police records with the same ID number may join',
      input: { records: [police('A'), police('A')], links: [link(0, 1, 9)], exclusive: POLICE_ID },
      expected: [[0, 1]],
    },
    {
      description: 'a police record without an ID number holds no key',
      input: { records: [police('A'), police(null), police('B')], links: [link(0, 1, 9), link(1, 2, 8)], exclusive: POLICE_ID },
      expected: [[0, 1], [2]],
    },
    {
      description: 'the constraint binds only its source: two civil ID numbers may share a cluster',
      input: { records: [civil('A'), civil('B')], links: [link(0, 1, 9)], exclusive: POLICE_ID },
      expected: [[0, 1]],
    },
    {
      description: 'without the constraint, two police ID numbers do end together',
      input: { records: [police('A'), police('B'), civil()], links: [link(0, 2, 15), link(1, 2, 12)] },
      expected: [[0, 1, 2]],
    },
    {
      description: 'NO_MATCH keeps two records apart even through an indirect link',
      input: { records: [civil(), civil(), civil()], links: [link(0, 1, 10), link(1, 2, 9)], cannotLink: [[0, 2]] as [number, number][] },
      expected: [[0, 1], [2]],
    },
    {
      description: 'NO_MATCH holds after both records have joined other clusters',
      input: {
        records: [civil(), civil(), civil(), civil()],
        links: [link(2, 3, 10), link(0, 1, 9), link(1, 3, 8)],
        cannotLink: [[0, 2]] as [number, number][],
      },
      expected: [[0, 1], [2, 3]],
    },
    {
      description: 'MATCH joins records no scored link connects',
      input: { records: [civil(), civil(), civil(), civil()], links: [], mustLink: [[0, 3]] as [number, number][] },
      expected: [[0, 3], [1], [2]],
    },
    {
      description: 'MATCH overrides the exclusive rule (the reviewer has seen both files)',
      input: { records: [police('A'), police('B')], links: [], mustLink: [[0, 1]] as [number, number][], exclusive: POLICE_ID },
      expected: [[0, 1]],
    },
    {
      description: 'NO_MATCH beats MATCH on the same pair',
      input: { records: [civil(), civil()], links: [link(0, 1, 30)], mustLink: [[0, 1]] as [number, number][], cannotLink: [[1, 0]] as [number, number][] },
      expected: [[0], [1]],
    },
    {
      description: 'NO_MATCH beats a chain of MATCHes',
      input: { records: [civil(), civil(), civil()], links: [], mustLink: [[0, 1], [1, 2]] as [number, number][], cannotLink: [[0, 2]] as [number, number][] },
      expected: [[0, 1], [2]],
    },
  ])('$description', ({ input, expected }) => {
    expect(cluster(input).groups).toEqual(expected);
  });

  test('reports what joined and what was refused, and why', () => {
    const result = clusterRecords({
      records: [police('A'), police('B'), civil(), civil()],
      links: [link(0, 2, 15), link(1, 2, 12), link(2, 3, 11), link(1, 3, 5)],
      cannotLink: [[0, 3]],
      exclusive: POLICE_ID,
    });
    // 1–3 is weak, but nothing forbids it: record 3 was kept from record 0, not from record 1.
    expect(result.joined).toEqual([link(0, 2, 15), link(1, 3, 5)]);
    expect(result.refused).toEqual([
      { pair: link(1, 2, 12), reason: 'exclusive' },
      { pair: link(2, 3, 11), reason: 'no-match-decision' },
    ]);
    expect(groups(result.clusterOf)).toEqual([[0, 2], [1, 3]]);
  });

  test('a refused MATCH is reported with an infinite weight; an applied one is joined first', () => {
    const result = clusterRecords({ records: [civil(), civil(), civil()], links: [link(1, 2, 12)], mustLink: [[0, 1], [0, 2]], cannotLink: [[0, 2]] });
    expect(result.joined).toEqual([link(0, 1, Infinity)]);
    expect(result.refused).toEqual([
      { pair: link(0, 2, Infinity), reason: 'no-match-decision' },
      { pair: link(1, 2, 12), reason: 'no-match-decision' },
    ]);
  });

  test('a link inside a cluster is neither joined nor refused', () => {
    const result = clusterRecords({ records: [civil(), civil(), civil()], links: [link(0, 1, 9), link(1, 2, 8), link(0, 2, 7)] });
    expect(result.joined).toEqual([link(0, 1, 9), link(1, 2, 8)]);
    expect(result.refused).toEqual([]);
  });

  test("a cluster is named by its smallest record's index", () => {
    const { clusterOf } = clusterRecords({ records: Array.from({ length: 7 }, () => civil()), links: [link(5, 6, 9), link(3, 6, 8), link(1, 2, 7)] });
    expect(Array.from(clusterOf)).toEqual([0, 1, 1, 3, 4, 3, 3]);
  });

  describe('on random record sets', () => {
    const random = seededRandom(2024);
    const cases = Array.from({ length: 40 }, (_, k) => {
      const n = 10 + Math.floor(random() * 30);
      const records = Array.from({ length: n }, (_, i) =>
        random() < 0.4 ? police(`ID${Math.floor(random() * 6)}`) : { ...civil(), id: `civil:${i}` },
      );
      const links: WeightedPair[] = [];
      for (let e = 0; e < n * 2; e++) {
        const a = Math.floor(random() * n);
        const b = Math.floor(random() * n);
        // Weights on a coarse grid, so ties (broken by index) occur.
        if (a !== b) links.push(link(Math.min(a, b), Math.max(a, b), 8 + Math.floor(random() * 6)));
      }
      const cannotLink: [number, number][] = [];
      for (let e = 0; e < 3; e++) cannotLink.push([Math.floor(random() * n), Math.floor(random() * n)]);
      return { description: `set ${k} (${n} records, ${links.length} links)`, records, links, cannotLink };
    });

    test.each(cases)('$description: no cluster holds two police ID numbers or a NO_MATCH pair', ({ records, links, cannotLink }) => {
      const { clusterOf } = clusterRecords({ records, links, cannotLink, exclusive: POLICE_ID });
      for (const members of groups(clusterOf)) {
        const ids = new Set(members.filter((i) => records[i].source === 'police').map((i) => records[i].fields.idNumber));
        expect(ids.size).toBeLessThanOrEqual(1);
      }
      for (const [a, b] of cannotLink) if (a !== b) expect(clusterOf[a]).not.toBe(clusterOf[b]);
      // Names are the smallest member.
      clusterOf.forEach((c, i) => {
        expect(c).toBeLessThanOrEqual(i);
        expect(clusterOf[c]).toBe(c);
      });
    });

    test.each(cases)('$description: the result does not depend on the order links are given', ({ records, links, cannotLink }) => {
      const reference = clusterRecords({ records, links, cannotLink, exclusive: POLICE_ID });
      const shuffle = seededRandom(links.length);
      for (let round = 0; round < 5; round++) {
        const order = [...links];
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(shuffle() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        const again = clusterRecords({ records, links: order, cannotLink: [...cannotLink].reverse(), exclusive: POLICE_ID });
        expect(Array.from(again.clusterOf)).toEqual(Array.from(reference.clusterOf));
        expect(again.joined).toEqual(reference.joined);
        expect(again.refused).toEqual(reference.refused);
      }
    });

    test('the input links are not reordered in place', () => {
      const links = [link(0, 1, 1), link(1, 2, 3), link(0, 2, 2)];
      const copy = links.map((l) => ({ ...l }));
      clusterRecords({ records: [civil(), civil(), civil()], links });
      expect(links).toEqual(copy);
    });
  });
});

describe('clustersWithSeveral', () => {
  it("names the clusters holding two police records, and which records (one child's row and its corrupted copy)", () => {
    const records = [police('A'), civil('A'), police('A-corrupted'), police('B'), civil('B')];
    // Only valid numbers are exclusive: the corrupted copy carries none (the hub's validIdNumber).
    const valid: ExclusiveConstraint[] = [{ source: 'police', field: 'validIdNumber' }];
    const withValidity = records.map((r, i) => ({ ...r, fields: { ...r.fields, validIdNumber: i === 2 ? null : r.fields.idNumber } }));
    const { clusterOf } = clusterRecords({ records: withValidity, links: [link(0, 1, 20), link(1, 2, 15), link(3, 4, 20)], exclusive: valid });
    expect(clustersWithSeveral(withValidity, clusterOf, 'police')).toEqual([{ cluster: 0, records: [0, 2] }]);
  });
});
