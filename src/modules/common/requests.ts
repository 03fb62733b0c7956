/**
 * The API's edge, shared by every feature: the error for a request the hub refuses, and paging
 * (page size and opaque cursors). Kept here, not in a feature, so features do not import each other.
 */

/** A request the service refuses (a bad cursor, a page too large, a bad argument): a clear error, no data. */
export class BadRequestError extends Error {}

/** The largest page any list answers (children, the audit log, review items, federation references). */
export const MAX_PAGE = 100;

/** Refuses a page size outside 0…MAX_PAGE. */
export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw new BadRequestError(`first must be between 0 and ${MAX_PAGE}`);
}

/** An opaque cursor: the list's name and the position in it, base64url-encoded. */
export function encodeCursor(list: string, position: string): string {
  return Buffer.from(`${list}:${position}`).toString('base64url');
}

/** The position a cursor of `list` holds; refused when it is not a cursor of that list or not of the expected shape. */
export function decodeCursor(list: string, cursor: string, shape: RegExp = /^.+$/): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  const position = text.startsWith(`${list}:`) ? text.slice(list.length + 1) : null;
  if (position === null || !shape.test(position)) throw new BadRequestError('after is not a cursor from this list');
  return position;
}
