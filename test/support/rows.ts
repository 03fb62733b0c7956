import { POLICE_ROWS } from './files';

/** `count` invented police rows with distinct keys (not valid ID numbers: only the import is under test). */
export function manyPoliceRows(count: number): string[] {
  const template = POLICE_ROWS[0].split(',');
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const cells = [...template];
    cells[0] = `5001092013${String(i).padStart(8, '0')}`;
    cells[1] = `王${'小晓明鸣'[i % 4]}${'一二三四五六七八九'[i % 9]}`;
    rows.push(cells.join(','));
  }
  return rows;
}
