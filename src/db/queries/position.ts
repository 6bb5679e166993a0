import { type RawBuilder, sql } from 'kysely';

/**
 * A row's keyset position: its `created_at` as sortable text with microseconds, for
 * cursors (src/lib/cursor.ts). A JS Date would round to milliseconds, and the next page
 * would skip or repeat rows.
 */
export function positionOf(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
