import { sql } from 'kysely';
import { loadConfigOrExit, requireDatabaseUrl } from '../src/config';
import { createDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';

/**
 * Seeds a tenant with many events for measuring the event log and the purge:
 *   DATABASE_URL=... npm run seed -- --events 1000000 --tenant seed --days 60
 * Events spread evenly over the last `days` (so with the default 30-day retention about
 * half are purgeable), five types, 2% test events; each event has a delivery to each of
 * two endpoints (90% finished, 7% failed, 3% retrying) with one attempt each. The
 * endpoints are disabled, so nothing is ever sent. A retrying delivery's next attempt is
 * ten years away: these rows have no workflow, and one due now would be "lost" for
 * reconcile, which would start tens of thousands of workflows (it did, in a full bench,
 * flooding the task queue the flow-control phase measures). Uses set-based SQL in chunks.
 */
function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? (process.argv[index + 1] as string) : fallback;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const total = Number(argument('events', '1000000'));
  const tenant = argument('tenant', 'seed');
  const days = Number(argument('days', '60'));
  const chunk = 100_000;
  const { db, close } = createDatabase(requireDatabaseUrl(config));
  try {
    await migrateToLatest(db);
    const exists = await db.selectFrom('tenants').select('id').where('id', '=', tenant).executeTakeFirst();
    if (exists) throw new Error(`tenant ${tenant} exists already; pick another --tenant`);
    await db
      .insertInto('tenants')
      .values({ id: tenant, name: `seeded ${total}` })
      .execute();
    const endpoints = [`ep_${tenant}_a`, `ep_${tenant}_b`];
    for (const id of endpoints) {
      await db
        .insertInto('endpoints')
        .values({
          id,
          tenant_id: tenant,
          url: 'https://example.invalid/seed',
          description: 'seeded',
          event_types: ['*'],
          enabled: false,
          disabled_reason: 'seeded',
          secret: 'seeded-unused',
          headers: '{}',
        })
        .execute();
    }
    const started = Date.now();
    for (let from = 1; from <= total; from += chunk) {
      const to = Math.min(total, from + chunk - 1);
      await db.transaction().execute(async (trx) => {
        await sql`
          insert into events (tenant_id, id, type, data, test, created_at)
          select ${tenant}, 'evt_' || ${tenant} || '_' || lpad(g::text, 9, '0'),
                 (array['order.created', 'order.updated', 'order.item.added', 'invoice.paid', 'user.signup'])[1 + g % 5],
                 '{"n":' || g || ',"sku":"SKU-' || (g % 997) || '"}',
                 g % 50 = 0,
                 now() - make_interval(secs => ${days * 86_400}::float8 * (1 - g::float8 / ${total}))
          from generate_series(${from}::int, ${to}::int) g`.execute(trx);
        await sql`
          insert into deliveries (id, tenant_id, event_id, endpoint_id, status, attempt_count, workflow_id, event_type, created_at, last_status_code, next_attempt_at)
          select 'dlv_' || e.id || '_' || ep.n, e.tenant_id, e.id, ep.id,
                 case when h < 90 then 'finished' when h < 97 then 'failed' else 'retrying' end,
                 1, 'delivery-dlv_' || e.id || '_' || ep.n, e.type, e.created_at,
                 case when h < 90 then 200 else 500 end,
                 case when h >= 97 then now() + interval '3650 days' end
          from events e
          cross join (values (1, ${endpoints[0]}), (2, ${endpoints[1]})) as ep(n, id)
          cross join lateral (select abs(hashtext(e.id || ep.n)) % 100 as h) s
          where e.tenant_id = ${tenant} and e.id between 'evt_' || ${tenant} || '_' || lpad(${from}::text, 9, '0')
                                              and 'evt_' || ${tenant} || '_' || lpad(${to}::text, 9, '0')`.execute(trx);
        await sql`
          insert into attempts (delivery_id, number, tenant_id, endpoint_id, trigger, started_at, duration_ms, status_code, error_kind)
          select d.id, 1, d.tenant_id, d.endpoint_id, 'scheduled', d.created_at + interval '50 milliseconds',
                 20 + abs(hashtext(d.id)) % 400, d.last_status_code,
                 case when d.last_status_code = 200 then null else 'http_status' end
          from deliveries d
          where d.tenant_id = ${tenant} and d.event_id between 'evt_' || ${tenant} || '_' || lpad(${from}::text, 9, '0')
                                              and 'evt_' || ${tenant} || '_' || lpad(${to}::text, 9, '0')`.execute(trx);
      });
      process.stdout.write(`seeded ${to}/${total} events (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }
    await sql`analyze events`.execute(db);
    await sql`analyze deliveries`.execute(db);
    await sql`analyze attempts`.execute(db);
    process.stdout.write(
      `done: ${total} events, ${total * 2} deliveries, ${total * 2} attempts in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${(error as Error).message}\n`);
  process.exit(1);
});
