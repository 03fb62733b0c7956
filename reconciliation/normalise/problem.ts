/**
 * What a normaliser found wrong with one raw value. Problems are values, not exceptions: a bad
 * cell becomes a line in the import's error report and never stops the rest of the file
 * (docs/FORMATS.md: a bad cell never stops the rest of the file).
 */
export interface Problem {
  /** Stable kebab-case id, e.g. 'id-check-digit'; reports and tests key on it, never on the message. */
  code: string;
  /** Human-readable explanation for the review queue (may quote the raw value). */
  message: string;
}

/** A problem located in a record: `field` is the canonical (snake_case) column name of docs/FORMATS.md. */
export interface FieldProblem extends Problem {
  field: string;
}

/** The result of normalising one raw cell: the clean value (null when absent or unusable) and what was wrong. */
export interface Normalised<T> {
  value: T | null;
  problems: Problem[];
}

export function problem(code: string, message: string): Problem {
  return { code, message };
}
