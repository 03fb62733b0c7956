import type { Pool } from 'pg';

/**
 * Every ID number the hub holds, as stored (normalised and raw): children's, parents', and the
 * record keys that embed one. What a masked role must never read in full.
 */
export async function idNumbersHeld(pool: Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ text: string }>(
    `SELECT v.normalised::text || ' ' || v.raw::text || ' ' || r.record_key AS text
     FROM source_record_version v JOIN source_record r ON r.id = v.source_record_id
     UNION ALL SELECT golden::text || flags::text FROM child`,
  );
  const found = new Set<string>();
  for (const { text } of rows) for (const id of text.match(/(?<!\d)(\d{17}[\dXx]|\d{15})(?!\d)/g) ?? []) found.add(id.toUpperCase());
  return found;
}

/** The ID numbers of `secrets` that a text holds in full (either case of a final X). */
export function idNumbersIn(text: string, secrets: ReadonlySet<string>): string[] {
  return [...secrets].filter((id) => text.includes(id) || text.includes(id.toLowerCase()));
}
