/**
 * Opaque keyset cursors: the position (creation time, id) of the last item of a page,
 * newest first. The time is kept as PostgreSQL's text with microseconds: a JS Date
 * would round it to milliseconds and the next page would skip or repeat rows.
 */
export interface Position {
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
/** Event and delivery ids: what `eventId` and `resourceId` (api/schemas.ts) accept. */
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * A real UTC time PostgreSQL reads as timestamptz: `2026-13-45T99:99:99` has the shape
 * but not the meaning, and PostgreSQL would fail the whole query (a 500).
 */
function isRealTime(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/**
 * Returns undefined for anything that is not a cursor this API made: the time must be a
 * real one and the id an id (no NUL, no other characters PostgreSQL or the index would
 * trip on), so a tampered cursor is a 400 naming `cursor`, never a failed query.
 */
export function decodeCursor(cursor: string): Position | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || !isRealTime(createdAt) || typeof id !== 'string' || !ID.test(id)) {
      return undefined;
    }
    return { createdAt, id };
  } catch {
    return undefined;
  }
}
