/** Counts with thousands separators, as a Chinese office reads them: 12,345. */
const COUNT = new Intl.NumberFormat('zh-CN');
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A day as 2024-03-31 (the API's dates are already so; a time is shown in China time). */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return formatDateTime(value).slice(0, 10);
}

const CHINA_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as 2024-03-31 14:05:09, China time. */
export function formatDateTime(iso: string): string {
  const parts = Object.fromEntries(CHINA_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Today in China, 2024-03-31: the day a visit form offers and the latest it accepts. */
export function todayInChina(): string {
  return formatDateTime(new Date().toISOString()).slice(0, 10);
}

export function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

export function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? '—' : value ? '是' : '否';
}
