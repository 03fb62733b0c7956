import { createHash } from 'node:crypto';
import { isRejection, mapHeader, toSourceRow, type SourceRow } from '../../../src/modules/ingest/source-rows';

/** The content hash as stored by every import so far: sha1 over name NUL cell SOH, in sorted name order. */
function storedHash(raw: Record<string, string>): string {
  let text = '';
  for (const key of Object.keys(raw).sort()) text += `${key}\u0000${raw[key]}\u0001`;
  return createHash('sha1').update(text).digest('hex');
}

function row(header: ReturnType<typeof mapHeader>, cells: string[]): SourceRow {
  const result = toSourceRow(header, 2, cells, cells.join(','));
  if (isRejection(result)) throw new Error(result.reason);
  return result;
}

describe('toSourceRow content hash', () => {
  // Columns out of name order, a name twice (kept as 姓名#2), an unknown column, digits as a name.
  const names = ['公民身份号码', '姓名', 'Remark', '姓名', '2', '出生日期', 'area_code'];
  const header = mapHeader('police', names, { checkSource: false });

  it('is the hash stored by earlier imports, so that an unchanged row stays unchanged', () => {
    const r = row(header, ['500109201012316224', '杜雨佳', 'note', '杜 雨佳', '', '2010-12-31', '500109003010']);
    expect(Object.keys(r.raw)).toContain('姓名#2');
    expect(r.hash).toBe(storedHash(r.raw));
  });

  it('does not depend on the order of the columns', () => {
    const order = [6, 1, 0, 5, 3, 4, 2];
    const cells = ['500109201012316224', '杜雨佳', 'note', '杜 雨佳', '', '2010-12-31', '500109003010'];
    const shuffled = mapHeader('police', order.map((i) => names[i]), { checkSource: false });
    // 姓名 and 姓名#2 follow the order the names come in, so the shuffle keeps 姓名 before 姓名#2.
    expect(row(shuffled, order.map((i) => cells[i])).hash).toBe(row(header, cells).hash);
  });

  it('keeps a column named __proto__ in the raw cells and in the hash', () => {
    const withProto = mapHeader('police', ['公民身份号码', '姓名', '__proto__'], { checkSource: false });
    const r = row(withProto, ['500109201012316224', '杜雨佳', 'kept']);
    expect(Object.keys(r.raw)).toEqual(['公民身份号码', '姓名', '__proto__']);
    expect(JSON.parse(JSON.stringify(r.raw))).toEqual(JSON.parse('{"公民身份号码":"500109201012316224","姓名":"杜雨佳","__proto__":"kept"}'));
    expect(r.hash).toBe(storedHash(r.raw));
    expect(row(withProto, ['500109201012316224', '杜雨佳', 'changed']).hash).not.toBe(r.hash);
  });

  it('changes with any cell', () => {
    const cells = ['500109201012316224', '杜雨佳', 'note', '杜 雨佳', '', '2010-12-31', '500109003010'];
    const base = row(header, cells).hash;
    for (let i = 0; i < cells.length; i++) {
      const changed = [...cells];
      changed[i] += 'x';
      expect(row(header, changed).hash).not.toBe(base);
    }
  });
});
