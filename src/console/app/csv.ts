/**
 * A CSV file made in the browser from rows the API returned (nothing is sent anywhere): UTF-8
 * with a BOM so that Excel reads the Chinese, and every cell that a spreadsheet would take for a
 * formula (= + - @) prefixed with ' (CSV injection).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
