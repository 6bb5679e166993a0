import { upsertEventType } from '../../src/db/queries/event-types';
import { loadShopCatalog } from '../../src/dev/shop-catalog';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack, uniqueName } from '../helpers/stack';

/** The event type catalog: admin-managed types, a JSON Schema that checks published data, examples for test events. */
describe('event type catalog', () => {
  let stack: TestStack;
  let strict: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack();
    strict = await startTestStack({ STRICT_EVENT_TYPES: 'true' }, { worker: false });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await strict?.stop();
    await stack?.stop();
  });

  const orderSchema = {
    type: 'object',
    required: ['orderId', 'total'],
    properties: {
      orderId: { type: 'string' },
      total: { type: 'number', minimum: 0 },
      items: { type: 'array', items: { type: 'object', required: ['sku'] } },
    },
  };

  it('the admin key manages types; a tenant reads them under its own path and cannot change them', async () => {
    const name = `${uniqueName('shop')}.order_paid`;
    const created = await stack.api('POST', '/v1/event-types', {
      name,
      description: 'An order was paid',
      schema: orderSchema,
      example: { orderId: 'o_1', total: 42 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name,
      description: 'An order was paid',
      schema: orderSchema,
      example: { orderId: 'o_1', total: 42 },
      deprecated: false,
    });
    expect((await stack.api('POST', '/v1/event-types', { name })).status).toBe(409);

    const patched = await stack.api('PATCH', `/v1/event-types/${name}`, { deprecated: true });
    expect(patched.body).toMatchObject({ name, deprecated: true });

    const tenant = await createTenant(stack, 'cat');
    const key = (await stack.api('POST', `/v1/tenants/${tenant}/api-keys`, {})).body.key as string;
    const asTenant = { authorization: `Bearer ${key}` };
    const read = await stack.api('GET', `/v1/tenants/${tenant}/event-types/${name}`, undefined, asTenant);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(name);
    const listed = await stack.api('GET', `/v1/tenants/${tenant}/event-types?limit=250`, undefined, asTenant);
    expect(listed.body.data.map((t: { name: string }) => t.name)).toContain(name);
    expect((await stack.api('POST', '/v1/event-types', { name: 'x.y' }, asTenant)).status).toBe(403);
    expect((await stack.api('DELETE', `/v1/event-types/${name}`, undefined, asTenant)).status).toBe(403);

    expect((await stack.api('DELETE', `/v1/event-types/${name}`)).status).toBe(204);
    expect((await stack.api('GET', `/v1/event-types/${name}`)).status).toBe(404);
  });

  it('refuses a schema that cannot compile and an example that does not match, naming the field', async () => {
    const bad = await stack.api('POST', '/v1/event-types', { name: `${uniqueName('t')}.x`, schema: { type: 'no-such-type' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('schema');
    const mismatch = await stack.api('POST', '/v1/event-types', {
      name: `${uniqueName('t')}.x`,
      schema: orderSchema,
      example: { orderId: 7, total: 1 },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details).toEqual([{ field: 'example.orderId', message: 'must be string' }]);
  });

  it('publishing data that does not match the schema is a 422 naming each failing path; matching data is accepted', async () => {
    const name = `${uniqueName('shop')}.order_created`;
    await stack.api('POST', '/v1/event-types', { name, schema: orderSchema });
    const tenant = await createTenant(stack, 'pub');
    const refused = await stack.api('POST', `/v1/tenants/${tenant}/events`, {
      type: name,
      data: { orderId: 'o_2', total: -1, items: [{}] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_data');
    expect(refused.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['data.items.0.sku', 'data.total']);
    const missing = await stack.api('POST', `/v1/tenants/${tenant}/events`, { type: name, data: { total: 3 } });
    expect(missing.body.error.details).toEqual([{ field: 'data.orderId', message: "must have required property 'orderId'" }]);
    expect((await stack.api('POST', `/v1/tenants/${tenant}/events`, { type: name, data: { orderId: 'o_3', total: 3 } })).status).toBe(202);
    // Nothing was stored for the refused publishes.
    expect((await stack.db.selectFrom('events').select('id').where('tenant_id', '=', tenant).execute()).length).toBe(1);
  });

  it('a type outside the catalog is accepted, unless STRICT_EVENT_TYPES=true (422 naming type)', async () => {
    const tenant = await createTenant(stack, 'loose');
    expect((await stack.api('POST', `/v1/tenants/${tenant}/events`, { type: 'not.in_catalog', data: {} })).status).toBe(202);
    const strictTenant = await createTenant(strict, 'strict');
    const refused = await strict.api('POST', `/v1/tenants/${strictTenant}/events`, { type: 'not.in_catalog', data: {} });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unknown_event_type', details: [{ field: 'type' }] });
    await strict.api('POST', '/v1/event-types', { name: 'in.catalog' });
    expect((await strict.api('POST', `/v1/tenants/${strictTenant}/events`, { type: 'in.catalog', data: {} })).status).toBe(202);
  });

  it("a test event sends the type's example unless data is given", async () => {
    const name = `${uniqueName('shop')}.user_created`;
    await stack.api('POST', '/v1/event-types', { name, example: { user: { id: 'u_1', email: 'jo@example.com' } } });
    const rx = await receivers.start();
    const tenant = await createTenant(stack, 'ex');
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    expect((await stack.api('POST', `/v1/tenants/${tenant}/endpoints/${endpoint.id}/test`, { type: name })).status).toBe(202);
    expect(
      (await stack.api('POST', `/v1/tenants/${tenant}/endpoints/${endpoint.id}/test`, { type: name, data: { given: true } })).status,
    ).toBe(202);
    const [first, second] = await rx.waitForRequests(2);
    const bodies = [first!, second!].map((r) => JSON.parse(r.body) as { data: unknown; test: boolean });
    expect(bodies.map((b) => b.data)).toEqual(expect.arrayContaining([{ user: { id: 'u_1', email: 'jo@example.com' } }, { given: true }]));
    expect(bodies.every((b) => b.test)).toBe(true);
  });

  it("loads the shop builder's seven types with their examples from shared/seeds", async () => {
    const catalog = loadShopCatalog();
    expect(catalog.map((entry) => entry.name)).toEqual([
      'order.created',
      'order.updated',
      'user.created',
      'user.updated',
      'user.deleted',
      'products.changed',
      'categories.changed',
    ]);
    for (const entry of catalog) await upsertEventType(stack.db, entry.name, { description: entry.description, example: entry.example });
    const read = await stack.api('GET', '/v1/event-types/products.changed');
    expect(read.body).toMatchObject({
      description: 'Occurs when products are added, updated or deleted in the project.',
      example: { action: 'update', items: ['product_id_1', 'product_id_2', 'product_id_3'] },
    });
    const tenant = await createTenant(stack, 'shop');
    expect((await publish(stack, tenant, { type: 'order.created', data: catalog[0]!.example as Record<string, unknown> })).id).toMatch(
      /^evt_/,
    );
  });
});
