import { readCsv, type CsvItem } from '../../../src/modules/ingest/csv-lines';

async function read(lines: string[]): Promise<CsvItem[]> {
  async function* physical() {
    for (let i = 0; i < lines.length; i++) yield { line: i + 1, text: lines[i] };
  }
  const items: CsvItem[] = [];
  for await (const item of readCsv(physical())) items.push(item);
  return items;
}

const summary = (items: CsvItem[]) => items.map((i) => (i.kind === 'record' ? [i.line, i.cells] : [i.line, i.reason.split(':')[0]]));

describe('readCsv: one broken row never swallows the rest', () => {
  it.each([
    { description: 'plain rows split on commas', lines: ['a,b,c', '1,2,3'], expected: [[1, ['a', 'b', 'c']], [2, ['1', '2', '3']]] },
    { description: 'a quoted comma stays in its cell', lines: ['a,b,c', '1,"x, y",3'], expected: [[1, ['a', 'b', 'c']], [2, ['1', 'x, y', '3']]] },
    { description: 'doubled quotes are one quote', lines: ['a,b', '1,"say ""hi"""'], expected: [[1, ['a', 'b']], [2, ['1', 'say "hi"']]] },
    {
      description: 'a quoted cell may span lines when the record keeps the header shape',
      lines: ['a,b,c', '1,"two', 'lines",3', '4,5,6'],
      expected: [[1, ['a', 'b', 'c']], [2, ['1', 'two\nlines', '3']], [4, ['4', '5', '6']]],
    },
    {
      description: 'an unclosed quote rejects its own line only',
      lines: ['a,b,c', '1,"broken,3', '4,5,6', '7,8,9'],
      expected: [[1, ['a', 'b', 'c']], [2, 'unclosed quote'], [3, ['4', '5', '6']], [4, ['7', '8', '9']]],
    },
    { description: 'an unclosed quote on the last line', lines: ['a,b,c', '1,2,3', '4,"5'], expected: [[1, ['a', 'b', 'c']], [2, ['1', '2', '3']], [3, 'unclosed quote']] },
    { description: 'an empty line is still a record (the importer reports it)', lines: ['a,b', '', '1,2'], expected: [[1, ['a', 'b']], [2, ['']], [3, ['1', '2']]] },
  ])('$description', async ({ lines, expected }) => {
    expect(summary(await read(lines))).toEqual(expected);
  });
});
