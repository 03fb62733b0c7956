// Linking two tables of any shape (`hub link`): every column but the identifier is a field, the
// settings say which to block on and compare, and the output is one-to-one. This is how the
// engine is shown to be general: the same code links Febrl's Australians with febrl4.json.
import { LinkageResult, oneToOneLinks, runLinkage } from './linkage';
import { FieldValue, LinkSettings, MatchRecord } from './settings';

export type TableRow = Readonly<Record<string, string>>;

export interface TableLink {
  leftId: string;
  rightId: string;
  matchWeight: number;
}

function toRecords(rows: readonly TableRow[], source: string, idColumn: string): MatchRecord[] {
  return rows.map((row, index) => {
    const fields: Record<string, FieldValue> = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === idColumn) continue;
      const text = value.trim();
      fields[column] = text === '' ? null : text;
    }
    const id = row[idColumn]?.trim();
    if (!id) throw new Error(`${source} row ${index + 1} has no ${idColumn}`);
    return { id, source, fields };
  });
}

export function linkTables(
  left: readonly TableRow[],
  right: readonly TableRow[],
  settings: LinkSettings,
  idColumn: string,
): { links: TableLink[]; result: LinkageResult } {
  const records = [...toRecords(left, 'left', idColumn), ...toRecords(right, 'right', idColumn)];
  const result = runLinkage(records, { ...settings, linkType: 'link_only' });
  const links = oneToOneLinks(result).map((pair) => {
    // Blocking lists pairs by record index, and every left record comes before every right one.
    const [l, r] = records[pair.a].source === 'left' ? [pair.a, pair.b] : [pair.b, pair.a];
    return { leftId: records[l].id, rightId: records[r].id, matchWeight: Math.round(pair.weight * 100) / 100 };
  });
  return { links, result };
}
