import { purgeScheduleId } from '../../src/contract';
import { answer, createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { ReceiverPool, eventually } from '../helpers/receiver';
import { type SeedEvent, seedEvents } from '../helpers/seed';
import { startTestStack, type TestStack } from '../helpers/stack';

const STATUSES = ['new', 'retrying', 'finished', 'failed'] as const;

/** Follows nextCursor to the end; returns every item in order. */
async function listAll(stack: TestStack, path: string, limit = 3): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1_000; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await stack.api('GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    items.push(...response.body.data);
    expect(response.body.data.length).toBeLessThanOrEqual(limit);
    cursor = response.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe('event log: listing, filters, pagination, stats', () => {
  let stack: TestStack;
  let tenant: string;
  let endpoints: string[];
  const seeded: SeedEvent[] = [];
  const base = Date.parse('2026-03-01T00:00:00Z');
  const types = ['order.created', 'order.updated', 'order.item.added', 'invoice.paid', 'user.signup'];

  beforeAll(async () => {
    stack = await startTestStack({}, { worker: false });
    tenant = await createTenant(stack, 'log');
    const other = await createTenant(stack, 'other');
    endpoints = [];
    for (let i = 0; i < 3; i++) endpoints.push((await createEndpoint(stack, tenant, { url: `http://127.0.0.1:9/${i}` })).id);
    const otherEndpoint = (await createEndpoint(stack, other, { url: 'http://127.0.0.1:9/x' })).id;
    // A deterministic spread of types, times, test flags and delivery statuses.
    for (let i = 0; i < 60; i++) {
      const deliveries = endpoints
        .filter((_, e) => (i + e) % 3 !== 0)
        .map((endpointId, e) => ({ endpointId, status: STATUSES[(i * 7 + e * 3) % 4]! }));
      seeded.push({
        id: `evt_log_${String(i).padStart(3, '0')}`,
        type: types[i % types.length]!,
        createdAt: new Date(base + i * 60_000 + (i % 4 === 0 ? 0 : 17)), // some share a minute boundary
        test: i % 9 === 0,
        deliveries,
      });
    }
    // Two events created in the same microsecond: the keyset must still separate them.
    seeded.push({
      id: 'evt_log_tie_a',
      type: 'order.created',
      createdAt: new Date(base + 30 * 60_000),
      deliveries: [{ endpointId: endpoints[0]!, status: 'failed' }],
    });
    seeded.push({
      id: 'evt_log_tie_b',
      type: 'order.created',
      createdAt: new Date(base + 30 * 60_000),
      deliveries: [{ endpointId: endpoints[0]!, status: 'failed' }],
    });
    await seedEvents(stack.db, tenant, seeded);
    await seedEvents(stack.db, other, [
      {
        id: 'evt_log_000',
        type: 'order.created',
        createdAt: new Date(base),
        deliveries: [{ endpointId: otherEndpoint, status: 'failed' }],
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const newestFirst = (a: SeedEvent, b: SeedEvent) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);
  const matchesType = (type: string, filter?: string) =>
    !filter || filter === '*' || (filter.endsWith('.*') ? type.startsWith(filter.slice(0, -1)) : type === filter);

  it('lists events newest first with per-status delivery counts, tenant-scoped', async () => {
    const all = await listAll(stack, `/v1/tenants/${tenant}/events`, 7);
    expect(all.map((e) => e.id)).toEqual([...seeded].sort(newestFirst).map((e) => e.id));
    const sample = all.find((e) => e.id === 'evt_log_005')!;
    const expected = { new: 0, retrying: 0, finished: 0, failed: 0 };
    for (const d of seeded.find((e) => e.id === 'evt_log_005')!.deliveries) expected[d.status]++;
    expect(sample.deliveries).toEqual(expected);
    expect(sample).toMatchObject({ type: seeded[5]!.type, test: false });
  });

  const filterCombos: Record<string, string | undefined>[] = [];
  for (const type of [undefined, 'order.created', 'order.*', 'invoice.paid', '*']) {
    for (const status of [undefined, ...STATUSES]) {
      for (const endpoint of [undefined, 1]) {
        for (const range of [undefined, 'window']) {
          for (const test of [undefined, 'true', 'false']) {
            filterCombos.push({ type, status, endpoint: endpoint === undefined ? undefined : '1', range, test });
          }
        }
      }
    }
  }
  // Every filter alone, and a spread of combinations (every 7th of the full product).
  const chosen = filterCombos.filter((combo, i) => Object.values(combo).filter(Boolean).length <= 1 || i % 7 === 0);

  it.each(chosen)('events filters combine: %o', async (combo) => {
    const since = new Date(base + 10 * 60_000);
    const until = new Date(base + 45 * 60_000);
    const params = new URLSearchParams();
    if (combo.type) params.set('type', combo.type);
    if (combo.status) params.set('status', combo.status);
    if (combo.endpoint) params.set('endpointId', endpoints[1]!);
    if (combo.range) {
      params.set('since', since.toISOString());
      params.set('until', until.toISOString());
    }
    if (combo.test) params.set('test', combo.test);
    const expected = seeded
      .filter((e) => matchesType(e.type, combo.type))
      .filter((e) => !combo.test || String(e.test ?? false) === combo.test)
      .filter((e) => !combo.range || (e.createdAt >= since && e.createdAt < until))
      .filter((e) =>
        e.deliveries.some((d) => (!combo.status || d.status === combo.status) && (!combo.endpoint || d.endpointId === endpoints[1])),
      )
      .sort(newestFirst)
      .map((e) => e.id);
    // Without a delivery filter, events with no deliveries are listed too (all seeded have some).
    const listed = await listAll(stack, `/v1/tenants/${tenant}/events?${params.toString()}`, 4);
    expect(listed.map((e) => e.id)).toEqual(expected);
  });

  it.each([
    ['status', 'done'],
    ['type', 'bad type'],
    ['type', 'order*'],
    ['since', 'yesterday'],
    ['until', '2026-13-01T00:00:00Z'],
    ['test', 'yes'],
    ['endpointId', 'ep with space'],
    ['cursor', 'garbage'],
    ['limit', '0'],
    ['limit', '251'],
    ['colour', 'red'],
  ])('a bad %s (%s) is a 400 naming it', async (name, value) => {
    const response = await stack.api('GET', `/v1/tenants/${tenant}/events?${name}=${encodeURIComponent(value)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(name);
  });

  it('refuses until before since, naming until', async () => {
    const response = await stack.client
      .GET('/v1/tenants/{tenantId}/events', {
        params: { path: { tenantId: tenant }, query: { since: '2026-03-02T00:00:00Z', until: '2026-03-01T00:00:00Z' } },
      })
      .then(answer);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('until');
  });

  it('lists deliveries with combined filters', async () => {
    const all = seeded.flatMap((e) => e.deliveries.map((d) => ({ ...d, eventId: e.id, type: e.type, createdAt: e.createdAt })));
    const cases: [string, (d: (typeof all)[number]) => boolean][] = [
      ['', () => true],
      ['status=failed', (d) => d.status === 'failed'],
      [`endpointId=${endpoints[2]}`, (d) => d.endpointId === endpoints[2]],
      ['eventType=order.*', (d) => d.type.startsWith('order.')],
      [
        `status=retrying&eventType=invoice.paid&endpointId=${endpoints[1]}`,
        (d) => d.status === 'retrying' && d.type === 'invoice.paid' && d.endpointId === endpoints[1],
      ],
      [
        `since=${new Date(base + 20 * 60_000).toISOString()}&status=new`,
        (d) => d.status === 'new' && d.createdAt >= new Date(base + 20 * 60_000),
      ],
    ];
    for (const [query, predicate] of cases) {
      const listed = await listAll(stack, `/v1/tenants/${tenant}/deliveries?${query}`, 5);
      expect(listed.length).toBe(all.filter(predicate).length);
      expect(new Set(listed.map((d) => d.id)).size).toBe(listed.length);
      for (const d of listed) {
        const source = all.find((x) => x.eventId === d.eventId && x.endpointId === d.endpointId)!;
        expect(predicate(source)).toBe(true);
      }
      const times = listed.map((d) => Date.parse(d.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    }
  });

  it('paginates without skipping or repeating while events are being inserted', async () => {
    const busy = await createTenant(stack, 'busy');
    const endpoint = (await createEndpoint(stack, busy, { url: 'http://127.0.0.1:9/busy' })).id;
    const existing: SeedEvent[] = Array.from({ length: 120 }, (_, i) => ({
      id: `evt_busy_${String(i).padStart(3, '0')}`,
      type: 'order.created',
      createdAt: new Date(Date.now() - 3_600_000 + i * 1_000),
      deliveries: [{ endpointId: endpoint, status: i % 2 ? 'failed' : 'finished' }],
    }));
    await seedEvents(stack.db, busy, existing);

    let inserting = true;
    let inserted = 0;
    const writer = (async () => {
      while (inserting && inserted < 200) {
        await publish(stack, busy, { type: 'order.created', data: { n: inserted++ } });
      }
    })();
    // Two readers page through while the writer inserts newer events.
    const readAll = async (filter: string, limit: number) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 500; pages++) {
        const page = await stack.api('GET', `/v1/tenants/${busy}/events?${filter}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        ids.push(...page.body.data.map((e: { id: string }) => e.id));
        cursor = page.body.nextCursor;
        if (!cursor) return ids;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('too many pages');
    };
    const [seen, seenFailed] = await Promise.all([readAll('', 7), readAll('status=failed&', 5)]);
    inserting = false;
    await writer;

    expect(inserted).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length); // nothing repeated
    for (const event of existing) expect(seen).toContain(event.id); // nothing that existed skipped
    expect(seen.filter((id) => id.startsWith('evt_busy_'))).toEqual(existing.map((e) => e.id).reverse());
    expect(seenFailed).toEqual(
      existing
        .filter((_, i) => i % 2)
        .map((e) => e.id)
        .reverse(),
    );
  });

  it('reports endpoint stats: attempts, success rate, latency percentiles, last success and failure', async () => {
    const statsTenant = await createTenant(stack, 'stats');
    const endpoint = (await createEndpoint(stack, statsTenant, { url: 'http://127.0.0.1:9/stats' })).id;
    const now = Date.now();
    const durations = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    await seedEvents(stack.db, statsTenant, [
      {
        id: 'evt_stats_1',
        type: 'a.b',
        createdAt: new Date(now - 3_600_000),
        deliveries: [
          {
            endpointId: endpoint,
            status: 'finished',
            attempts: durations.map((durationMs, i) => ({
              statusCode: i < 7 ? 200 : i < 9 ? 500 : null,
              durationMs,
              startedAt: new Date(now - 3_000_000 + i * 1_000),
            })),
          },
        ],
      },
      {
        id: 'evt_stats_old',
        type: 'a.b',
        createdAt: new Date(now - 3 * 86_400_000),
        deliveries: [
          {
            endpointId: endpoint,
            status: 'finished',
            attempts: [{ statusCode: 200, durationMs: 5_000, startedAt: new Date(now - 3 * 86_400_000) }],
          },
        ],
      },
    ]);
    const stats = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/stats', {
        params: { path: { tenantId: statsTenant, endpointId: endpoint }, query: { window: '24h' } },
      })
      .then(answer);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ endpointId: endpoint, window: '24h', attempts: 10, successRate: 0.7 });
    expect(stats.body.latencyMs.p50).toBeCloseTo(55, 5);
    expect(stats.body.latencyMs.p95).toBeCloseTo(95.5, 5);
    expect(Date.parse(stats.body.lastSuccessAt)).toBe(now - 3_000_000 + 6_000);
    expect(Date.parse(stats.body.lastFailureAt)).toBe(now - 3_000_000 + 9_000);
    const week = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/stats', {
        params: { path: { tenantId: statsTenant, endpointId: endpoint }, query: { window: '7d' } },
      })
      .then(answer);
    expect(week.body.attempts).toBe(11);
    const bad = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/stats', {
        params: { path: { tenantId: statsTenant, endpointId: endpoint }, query: { window: 'forever' } },
      })
      .then(answer);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('window');
  });
});

describe('event log: recovery and purge, through real workflows', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack({ RECOVER_BATCH_SIZE: '2', RECOVER_RATE_PER_SECOND: '4', EVENT_RETENTION: '30d', PURGE_BATCH_SIZE: '3' });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('shows the attempts of a delivery that failed then succeeded, and nextAttemptAt while retrying', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start((req) => (req.n === 1 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['1500ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const id = event.deliveries[0]!.id;
    const retrying = await eventually(
      async () => {
        const page = await stack.client
          .GET('/v1/tenants/{tenantId}/deliveries', { params: { path: { tenantId: tenant }, query: { status: 'retrying' } } })
          .then(answer);
        return page.body.data.find((d: { id: string }) => d.id === id);
      },
      10_000,
      'retrying in the list',
    );
    expect(Date.parse(retrying.nextAttemptAt)).toBeGreaterThan(Date.now() - 1_000);
    const delivery = await waitForDeliveryStatus(stack, tenant, id, 'finished', 15_000);
    expect(delivery.attempts.map((a: any) => [a.number, a.trigger, a.statusCode, a.responseBody, a.errorKind])).toEqual([
      [1, 'scheduled', 503, 'busy', 'http_status'],
      [2, 'scheduled', 200, 'ok', null],
    ]);
    expect(delivery.workflow.url).toContain(encodeURIComponent(delivery.workflowId));
    const listed = await stack.client
      .GET('/v1/tenants/{tenantId}/events', { params: { path: { tenantId: tenant }, query: { status: 'finished' } } })
      .then(answer);
    expect(listed.body.data[0]).toMatchObject({ id: event.id, deliveries: { finished: 1, failed: 0, new: 0, retrying: 0 } });
  });

  it('recover resends exactly the failed deliveries of the endpoint in the window, at a bounded rate, once', async () => {
    const tenant = await createTenant(stack);
    let healthy = false;
    const rx = await receivers.start(() => (healthy ? { status: 200 } : { status: 500 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url('/a'), retrySchedule: [] });
    const other = await createEndpoint(stack, tenant, { url: rx.url('/b'), retrySchedule: [] });
    const events: Awaited<ReturnType<typeof publish>>[] = [];
    for (let i = 0; i < 7; i++) events.push(await publish(stack, tenant, { type: 'order.created', data: { i } }));
    for (const e of events) for (const d of e.deliveries) await waitForDeliveryStatus(stack, tenant, d.id, 'failed');
    const ofEndpoint = (e: (typeof events)[number], ep: string) => e.deliveries.find((d) => d.endpointId === ep)!.id;

    // Two of them are older than the window; one is finished (a later success).
    const old = [ofEndpoint(events[0]!, endpoint.id), ofEndpoint(events[1]!, endpoint.id)];
    await stack.db
      .updateTable('deliveries')
      .set({ created_at: new Date(Date.now() - 7 * 86_400_000) })
      .where('id', 'in', old)
      .execute();
    await stack.db.updateTable('deliveries').set({ status: 'finished' }).where('id', '=', ofEndpoint(events[2]!, endpoint.id)).execute();
    const expected = events.slice(3).map((e) => ofEndpoint(e, endpoint.id));

    healthy = true;
    rx.requests.length = 0;
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const started = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/recover', {
        params: { path: { tenantId: tenant, endpointId: endpoint.id } },
        body: { since },
      })
      .then(answer);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', resent: 0, joined: false });
    const jobId = started.body.id;

    // The same window joins; another window is refused while it runs.
    const again = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/recover', {
        params: { path: { tenantId: tenant, endpointId: endpoint.id } },
        body: { since },
      })
      .then(answer);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: jobId, joined: true });
    const otherWindow = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/recover', {
        params: { path: { tenantId: tenant, endpointId: endpoint.id } },
        body: { since: new Date(Date.now() - 3_600_000).toISOString() },
      })
      .then(answer);
    expect(otherWindow.status).toBe(409);
    expect(otherWindow.body.error.code).toBe('recovery_in_progress');

    const job = await eventually(
      async () => {
        const current = await stack.client
          .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/recover/{jobId}', {
            params: { path: { tenantId: tenant, endpointId: endpoint.id, jobId } },
          })
          .then(answer);
        return current.body.status === 'completed' ? current.body : undefined;
      },
      30_000,
      'recovery completed',
    );
    expect(job.resent).toBe(expected.length);
    for (const id of expected) await waitForDeliveryStatus(stack, tenant, id, 'finished');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rx.requests.every((r) => r.path === '/a')).toBe(true);
    expect(rx.requests.map((r) => r.headers['webhook-id']).sort()).toEqual(
      events
        .slice(3)
        .map((e) => e.id)
        .sort(),
    );
    for (const id of old) expect((await getDelivery(stack, tenant, id)).status).toBe('failed');
    expect((await getDelivery(stack, tenant, ofEndpoint(events[0]!, other.id))).status).toBe('failed');
    // 4 resends at 4/s in batches of 2: at least one pause of about half a second.
    const times = rx.requests.map((r) => r.receivedAt).sort();
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(400);
  });

  it('purges old settled events through the purge-events Schedule, leaving in-flight and recent ones', async () => {
    const tenant = await createTenant(stack);
    const endpoint = (await createEndpoint(stack, tenant, { url: 'http://127.0.0.1:9/purge' })).id;
    const old = new Date(Date.now() - 40 * 86_400_000);
    const ids = await seedEvents(stack.db, tenant, [
      ...Array.from({ length: 7 }, (_, i): SeedEvent => ({
        id: `evt_old_${i}`,
        type: 'order.created',
        createdAt: new Date(old.getTime() + i),
        deliveries: [
          {
            endpointId: endpoint,
            status: i % 2 ? 'failed' : 'finished',
            attempts: [
              { statusCode: 500, durationMs: 5 },
              { statusCode: 200, durationMs: 5 },
            ],
          },
        ],
      })),
      { id: 'evt_old_retrying', type: 'order.created', createdAt: old, deliveries: [{ endpointId: endpoint, status: 'retrying' }] },
      { id: 'evt_old_new', type: 'order.created', createdAt: old, deliveries: [{ endpointId: endpoint, status: 'new' }] },
      { id: 'evt_old_no_deliveries', type: 'order.created', createdAt: old, deliveries: [] },
      { id: 'evt_old_awaiting_fan_out', type: 'order.created', createdAt: old, deliveries: [] },
      {
        id: 'evt_recent',
        type: 'order.created',
        createdAt: new Date(Date.now() - 86_400_000),
        deliveries: [{ endpointId: endpoint, status: 'finished' }],
      },
    ]);
    // Its deliveries are still to be written by a fan-out: in flight, like a `new` delivery.
    await stack.db
      .updateTable('events')
      .set({ fan_out_pending: true })
      .where('tenant_id', '=', tenant)
      .where('id', '=', 'evt_old_awaiting_fan_out')
      .execute();

    const handle = stack.temporal.schedule.getHandle(purgeScheduleId(stack.taskQueue));
    const before = await handle.describe();
    expect(before.spec.calendars?.length).toBeGreaterThan(0); // the server stores the cron as calendars
    await handle.trigger();
    const result = await eventually(
      async () => {
        const described = await handle.describe();
        const run = described.info.recentActions.at(-1);
        if (!run) return undefined;
        const wf = stack.temporal.workflow.getHandle(run.action.workflow.workflowId, run.action.workflow.firstExecutionRunId);
        return (await wf.describe()).status.name === 'COMPLETED' ? wf.result() : undefined;
      },
      30_000,
      'purge run',
    );
    expect(result).toMatchObject({ events: 8, deliveries: 7, attempts: 14 });

    const left = await stack.db.selectFrom('events').select('id').where('tenant_id', '=', tenant).orderBy('id').execute();
    expect(left.map((e) => e.id)).toEqual(['evt_old_awaiting_fan_out', 'evt_old_new', 'evt_old_retrying', 'evt_recent']);
    const oldDeliveries = ids.get('evt_old_0')!;
    expect(await stack.db.selectFrom('deliveries').select('id').where('id', 'in', oldDeliveries).execute()).toEqual([]);
    expect(await stack.db.selectFrom('attempts').select('delivery_id').where('delivery_id', 'in', oldDeliveries).execute()).toEqual([]);
  });
});
