/**
 * Opaque keyset cursors: the position (creation time, id) of the last item of a page,
 * newest first. The time is kept as PostgreSQL's text with microseconds: a JS Date
 * would round it to milliseconds and the next page would skip or repeat rows.
 */
export interface Position {
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** Returns undefined for anything that is not a cursor this API made. */
export function decodeCursor(cursor: string): Position | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || !TIMESTAMP.test(createdAt) || typeof id !== 'string' || id.length === 0 || id.length > 200) {
      return undefined;
    }
    return { createdAt, id };
  } catch {
    return undefined;
  }
}
