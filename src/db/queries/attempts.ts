import type { Kysely } from 'kysely';
import type { AttemptRow, Database } from '../schema';

export interface Attempt {
  number: number;
  trigger: AttemptRow['trigger'];
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  errorKind: AttemptRow['error_kind'];
  errorMessage: string | null;
}

export function toAttempt(row: AttemptRow): Attempt {
  return {
    number: row.number,
    trigger: row.trigger,
    startedAt: row.started_at.toISOString(),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    responseBody: row.response_body,
    errorKind: row.error_kind,
    errorMessage: row.error_message,
  };
}

export async function listAttempts(db: Kysely<Database>, deliveryId: string): Promise<AttemptRow[]> {
  return db.selectFrom('attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('number').execute();
}
