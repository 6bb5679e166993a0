import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema';

export interface AttemptFact {
  number: number;
  trigger: string;
  statusCode: number | null;
  errorKind: string | null;
  responseBytes: number;
}

export interface DeliveryFact {
  id: string;
  eventId: string;
  endpointId: string;
  status: string;
  attemptCount: number;
  attempts: AttemptFact[];
}

/** Every delivery of these tenants with its attempt rows in order, read straight from Postgres. */
export async function loadDeliveries(db: Kysely<Database>, tenantIds: string[]): Promise<DeliveryFact[]> {
  const deliveries = await db
    .selectFrom('deliveries')
    .select(['id', 'event_id', 'endpoint_id', 'status', 'attempt_count'])
    .where('tenant_id', 'in', tenantIds)
    .orderBy('id')
    .execute();
  const attempts = await db
    .selectFrom('attempts')
    .select(['delivery_id', 'number', 'trigger', 'status_code', 'error_kind', 'response_body'])
    .where('tenant_id', 'in', tenantIds)
    .orderBy('delivery_id')
    .orderBy('number')
    .execute();
  const byDelivery = new Map<string, AttemptFact[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? [];
    list.push({
      number: a.number,
      trigger: a.trigger,
      statusCode: a.status_code,
      errorKind: a.error_kind,
      responseBytes: Buffer.byteLength(a.response_body ?? ''),
    });
    byDelivery.set(a.delivery_id, list);
  }
  return deliveries.map((d) => ({
    id: d.id,
    eventId: d.event_id,
    endpointId: d.endpoint_id,
    status: d.status,
    attemptCount: d.attempt_count,
    attempts: byDelivery.get(d.id) ?? [],
  }));
}

/** How many deliveries of these tenants are in each status. */
export async function countByStatus(db: Kysely<Database>, tenantIds: string[]): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', 'in', tenantIds)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** An attempt's kind for a ledger: `2xx`, or its error kind (`http_status`, `timeout`, ...). */
export const attemptKind = (a: AttemptFact) => (isSuccess(a.statusCode) ? '2xx' : (a.errorKind ?? 'unknown'));

/**
 * Prints a ledger to stderr (so it shows in CI output) as aligned `name  value` lines, and
 * returns the text for assertions' messages.
 */
export function printLedger(title: string, lines: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(lines).map((k) => k.length));
  const body = Object.entries(lines)
    .map(([name, value]) => `  ${name.padEnd(width)}  ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('\n');
  const text = `\n[ledger] ${title}\n${body}\n`;
  process.stderr.write(text);
  return text;
}
