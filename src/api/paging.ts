/**
 * Keyset pagination, written once: a list query asks for `limit + 1` rows, and one row
 * more than asked means another page follows. Returns the page and the cursor that
 * continues after its last row (null on the last page).
 */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
