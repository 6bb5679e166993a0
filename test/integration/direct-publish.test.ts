import { createDatabase, type DatabaseHandle } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { insertEndpoint } from '../../src/db/queries/endpoints';
import { type DirectPublish, writeDirectPublish } from '../../src/db/queries/publish';
import { insertTenant } from '../../src/db/queries/tenants';
import type { NewEndpointRow } from '../../src/db/schema';
import { freshDatabase } from '../helpers/stack';

/**
 * The common publish as ONE statement (writeDirectPublish), on a real PostgreSQL: it
 * writes the event and one delivery per live subscriber, keyed in endpoint-id order, and
 * writes nothing at all whenever the transaction must do the publish instead.
 */
describe('the one-statement publish', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  let seq = 0;

  beforeAll(async () => {
    const fresh = await freshDatabase('hookflow_direct_publish');
    drop = fresh.drop;
    handle = createDatabase(fresh.url, { poolMax: 2, preparedStatements: true });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    await drop();
  });

  const tenant = async () => {
    const id = `ten_${++seq}`;
    await insertTenant(handle.db, { id, name: id });
    return id;
  };
  const endpoint = (tenantId: string, id: string, more: Partial<NewEndpointRow> = {}) =>
    insertEndpoint(handle.db, {
      id,
      tenant_id: tenantId,
      url: `http://127.0.0.1:9/${id}`,
      description: '',
      event_types: ['order.*'],
      enabled: true,
      disabled_reason: null,
      secret: 'whsec_x',
      previous_secret: null,
      previous_secret_expires_at: null,
      headers: JSON.stringify({}),
      retry_schedule_ms: null,
      timeout_ms: null,
      ...more,
    } as NewEndpointRow);
  const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `dlv_${seq}_${i}`, workflowId: `delivery-dlv_${seq}_${i}` }));
  const input = (tenantId: string, over: Partial<DirectPublish> = {}): DirectPublish => ({
    tenantId,
    id: `evt_${seq}`,
    type: 'order.created',
    data: '{"n":12345678901234567890,"b":1,"a":2}',
    idempotencyKey: null,
    orderingKey: null,
    deliveryKeys: keys(3),
    ...over,
  });
  const stored = async (tenantId: string) => ({
    events: await handle.db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).execute(),
    deliveries: await handle.db.selectFrom('deliveries').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute(),
  });

  it('writes the event and one delivery per live subscriber, keys given in endpoint-id order', async () => {
    const t = await tenant();
    await endpoint(t, `ep_${seq}_c`, { retry_schedule_ms: [1000, 2000], timeout_ms: 3000 });
    await endpoint(t, `ep_${seq}_a`);
    await endpoint(t, `ep_${seq}_off`, { enabled: false });
    await endpoint(t, `ep_${seq}_gone`, { deleted_at: new Date() } as Partial<NewEndpointRow>);
    await endpoint(t, `ep_${seq}_other`, { event_types: ['invoice.paid'] });
    await endpoint(t, `ep_${seq}_b`, { event_types: ['order.created'] });

    const outcome = await writeDirectPublish(handle.db, input(t));
    if (!outcome.written) throw new Error('expected the publish to be written');
    expect(outcome.endpoints.map((e) => e.id)).toEqual([`ep_${seq}_a`, `ep_${seq}_b`, `ep_${seq}_c`]);
    expect(outcome.endpoints[2]).toEqual({
      id: `ep_${seq}_c`,
      url: `http://127.0.0.1:9/ep_${seq}_c`,
      retry_schedule_ms: [1000, 2000],
      timeout_ms: 3000,
      ordering: 'none',
    });
    expect(outcome.deliveries.map((d) => [d.id, d.endpoint_id, d.workflow_id, d.status])).toEqual([
      [`dlv_${seq}_0`, `ep_${seq}_a`, `delivery-dlv_${seq}_0`, 'new'],
      [`dlv_${seq}_1`, `ep_${seq}_b`, `delivery-dlv_${seq}_1`, 'new'],
      [`dlv_${seq}_2`, `ep_${seq}_c`, `delivery-dlv_${seq}_2`, 'new'],
    ]);
    expect(outcome.event).toMatchObject({ tenant_id: t, id: `evt_${seq}`, test: false, fan_out_pending: false });
    const { events, deliveries } = await stored(t);
    expect(events.map((e) => e.data)).toEqual(['{"n":12345678901234567890,"b":1,"a":2}']);
    expect(deliveries).toEqual(outcome.deliveries);
    expect(deliveries.every((d) => d.created_at.getTime() === events[0]?.created_at.getTime())).toBe(true);
  });

  it('writes an event nobody subscribes to, with no deliveries', async () => {
    const t = await tenant();
    await endpoint(t, `ep_${seq}_x`, { event_types: ['invoice.*'] });
    const outcome = await writeDirectPublish(handle.db, input(t));
    expect(outcome).toMatchObject({ written: true, deliveries: [], endpoints: [] });
    expect((await stored(t)).events).toHaveLength(1);
  });

  it('writes nothing with more subscribers than keys (the fan-out) or a fifo subscriber', async () => {
    const t = await tenant();
    for (const name of ['a', 'b', 'c']) await endpoint(t, `ep_${seq}_${name}`);
    expect(await writeDirectPublish(handle.db, input(t, { deliveryKeys: keys(2) }))).toEqual({ written: false, tenantFound: true });
    expect(await stored(t)).toEqual({ events: [], deliveries: [] });

    await endpoint(t, `ep_${seq}_fifo`, { ordering: 'fifo' });
    expect(await writeDirectPublish(handle.db, input(t, { deliveryKeys: keys(8) }))).toEqual({ written: false, tenantFound: true });
    expect(await stored(t)).toEqual({ events: [], deliveries: [] });
  });

  it('writes nothing for an id or idempotency key used before, and tells an unknown tenant', async () => {
    const t = await tenant();
    await endpoint(t, `ep_${seq}_a`);
    expect(await writeDirectPublish(handle.db, input(t, { idempotencyKey: 'k1' }))).toMatchObject({ written: true });
    const again = { deliveryKeys: keys(3).map((k) => ({ id: `${k.id}_2`, workflowId: `${k.workflowId}_2` })) };
    expect(await writeDirectPublish(handle.db, input(t, again))).toEqual({ written: false, tenantFound: true });
    expect(await writeDirectPublish(handle.db, input(t, { ...again, id: 'evt_other', idempotencyKey: 'k1' }))).toEqual({
      written: false,
      tenantFound: true,
    });
    const { events, deliveries } = await stored(t);
    expect([events.length, deliveries.length]).toEqual([1, 1]);

    expect(await writeDirectPublish(handle.db, input('ten_nobody'))).toEqual({ written: false, tenantFound: false });
  });
});
