import { sql } from 'kysely';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { ReceiverPool, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Issue "One tenant must never stop another's deliveries, and a database write must
 * never re-send a webhook": the adversarial review's reproductions, against the real API,
 * worker, Temporal dev server and PostgreSQL, with receivers on loopback.
 */
describe('isolation: one tenant cannot stop another, a failed write never re-sends', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  describe('custom headers the HTTP client would refuse', () => {
    const bad: [string, string, RegExp][] = [
      ['X-Trace', '\u0001', /cannot carry/],
      ['X-Price', '€', /cannot carry/],
      ['X-City', 'Łódź', /cannot carry/],
      ['X-Del', '\u007f', /cannot carry/],
      ['X-Sep', 'a\u2028b', /cannot carry/],
      ['X-Nul', 'a\u0000b', /NUL/],
      ['Keep-Alive', 'timeout=5', /connection or framing/],
      ['Upgrade', 'websocket', /connection or framing/],
      ['Expect', '100-continue', /connection or framing/],
      ['Connection', 'close', /connection or framing/],
      ['TE', 'trailers', /connection or framing/],
      ['Trailer', 'x', /connection or framing/],
      ['Transfer-Encoding', 'chunked', /connection or framing/],
      ['Content-Length', '1', /connection or framing/],
      ['Content-Encoding', 'gzip', /connection or framing/],
      ['Host', 'example.com', /connection or framing/],
      ['Proxy-Authorization', 'Basic x', /proxy header/],
      ['webhook-custom', 'x', /set by hookflow/],
      ['content-type', 'text/plain', /set by hookflow/],
      ['User-Agent', 'x', /set by hookflow/],
    ];

    it.each(bad)('%s: %j is refused on create and on PATCH with a 400 naming the header and why', async (name, value, why) => {
      const tenant = await createTenant(stack, 'hdr');
      const url = 'http://127.0.0.1:9/x';
      const created = await stack.api('POST', `/v1/tenants/${tenant}/endpoints`, { url, headers: { [name]: value } });
      expect(created.status).toBe(400);
      const detail = created.body.error.details.find((d: { field: string }) => d.field === `headers.${name}`);
      expect(detail?.message).toMatch(why);

      const endpoint = await createEndpoint(stack, tenant, { url });
      const patched = await stack.api('PATCH', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`, { headers: { [name]: value } });
      expect(patched.status).toBe(400);
      expect(patched.body.error.details.map((d: { field: string }) => d.field)).toContain(`headers.${name}`);
    });

    it('operational endpoints refuse the same headers, on create and on PATCH', async () => {
      const created = await stack.api('POST', '/v1/operational-endpoints', {
        url: 'http://127.0.0.1:9/ops',
        headers: { 'Keep-Alive': 'x' },
      });
      expect(created.status).toBe(400);
      expect(created.body.error.details.map((d: { field: string }) => d.field)).toContain('headers.Keep-Alive');
      const ops = await stack.api('POST', '/v1/operational-endpoints', { url: 'http://127.0.0.1:9/ops' });
      expect(ops.status).toBe(201);
      const patched = await stack.api('PATCH', `/v1/operational-endpoints/${ops.body.id}`, { headers: { 'X-Trace': '\u0001' } });
      expect(patched.status).toBe(400);
      expect(patched.body.error.details.map((d: { field: string }) => d.field)).toContain('headers.X-Trace');
    });

    it('a printable header with Latin-1 bytes and tabs is still accepted', async () => {
      const tenant = await createTenant(stack, 'hdr');
      const endpoint = await createEndpoint(stack, tenant, { url: 'http://127.0.0.1:9/x', headers: { 'X-Ok': 'a\tb ~ é' } });
      expect(endpoint.headers).toHaveProperty('X-Ok');
    });

    it('after 200 publishes to an endpoint saved earlier with a bad header, other tenants are delivered within seconds', async () => {
      const shared = await receivers.start();
      const other = await receivers.start(undefined, { host: '127.0.0.2' });
      const attacker = await createTenant(stack, 'attacker');
      const poisoned = await createEndpoint(stack, attacker, { url: shared.url('/poison'), retrySchedule: [] });
      // A row saved under older rules (or written directly): today's API would refuse it.
      await stack.db
        .updateTable('endpoints')
        .set({ headers: JSON.stringify({ 'X-Trace': '\u0001' }), headers_sealed: false })
        .where('id', '=', poisoned.id)
        .execute();

      const published = await Promise.all(
        Array.from({ length: 200 }, (_, i) => publish(stack, attacker, { type: 'order.created', data: { i } })),
      );
      const victimA = await createTenant(stack, 'victim');
      const victimB = await createTenant(stack, 'victim');
      await createEndpoint(stack, victimA, { url: shared.url('/victim') });
      await createEndpoint(stack, victimB, { url: other.url('/victim') });
      const started = Date.now();
      const a = await publish(stack, victimA, { type: 'order.created', data: { v: 'a' } });
      const b = await publish(stack, victimB, { type: 'order.created', data: { v: 'b' } });
      await shared.waitForRequests(1, 15_000, (r) => r.path === '/victim');
      await other.waitForRequests(1, 15_000, (r) => r.path === '/victim');
      expect(Date.now() - started).toBeLessThan(15_000);
      await waitForDeliveryStatus(stack, victimA, a.deliveries[0]!.id, 'finished');
      await waitForDeliveryStatus(stack, victimB, b.deliveries[0]!.id, 'finished');

      // The poisoned deliveries failed with a clear reason, without a request and without an attempt.
      const last = await waitForDeliveryStatus(stack, attacker, published[199]!.deliveries[0]!.id, 'failed');
      expect(last.failureReason).toMatch(/custom header "X-Trace" has a character an HTTP header cannot carry/);
      expect(last.attempts).toEqual([]);
      expect(shared.requests.filter((r) => r.path === '/poison')).toEqual([]);
    }, 120_000);
  });

  describe('recording an attempt', () => {
    it('a receiver answering 200 with a NUL byte: exactly one POST, finished, the attempt stored', async () => {
      const rx = await receivers.start(() => ({ status: 200, body: 'accepted\u0000' }));
      const tenant = await createTenant(stack, 'nul');
      await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['200ms', '200ms'] });
      const event = await publish(stack, tenant, { type: 'order.created', data: {} });
      const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(rx.requests).toHaveLength(1);
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ number: 1, statusCode: 200, responseBody: 'accepted\uFFFD' });
    });

    it('a write that fails once after the POST is written by the workflow; the webhook is not sent again', async () => {
      const rx = await receivers.start(() => ({ status: 200, body: 'ok' }));
      const tenant = await createTenant(stack, 'flaky');
      // Attempt rows of this tenant fail to be written, as under a transient fault (a
      // serialization failure), until the test lets them through.
      await sql`create table if not exists writable_attempts (delivery_id text primary key)`.execute(stack.db);
      await sql
        .raw(
          `create or replace function refuse_attempt_write() returns trigger language plpgsql as $$
           begin
             if new.tenant_id = '${tenant}' and not exists (select 1 from writable_attempts where delivery_id = new.delivery_id) then
               raise exception 'simulated transient failure' using errcode = '40001';
             end if;
             return new;
           end $$`,
        )
        .execute(stack.db);
      await sql`create trigger refuse_attempt_write before insert on attempts for each row execute function refuse_attempt_write()`.execute(
        stack.db,
      );
      try {
        await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['200ms'] });
        const event = await publish(stack, tenant, { type: 'order.created', data: {} });
        const id = event.deliveries[0]!.id;
        // The POST got its 200; the write fails, and goes on failing for a while (saveAttempt retries).
        await eventually(async () => rx.requests.length >= 1, 15_000, 'the POST');
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        await sql`insert into writable_attempts values (${id})`.execute(stack.db);
        const delivery = await waitForDeliveryStatus(stack, tenant, id, 'finished', 30_000);
        expect(rx.requests).toHaveLength(1);
        expect(delivery.attempts).toHaveLength(1);
        expect(delivery.attempts[0]).toMatchObject({ number: 1, statusCode: 200, responseBody: 'ok' });
        const handle = stack.temporal.workflow.getHandle(delivery.workflowId);
        await handle.result(); // the attempt's marker is written when its workflow task completes
        const history = await handle.fetchHistory();
        const activities = (history.events ?? [])
          .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
          .filter((name): name is string => Boolean(name));
        // The attempt (a local activity: one marker) ran once; only the write was retried.
        expect(activities).toEqual(['saveAttempt']);
        expect((history.events ?? []).filter((e) => e.markerRecordedEventAttributes)).toHaveLength(1);
        // The response excerpt crossed the history sealed, never in clear.
        expect(JSON.stringify(history)).not.toContain(Buffer.from('"ok"').toString('base64'));
      } finally {
        await sql`drop trigger if exists refuse_attempt_write on attempts`.execute(stack.db);
      }
    }, 60_000);

    it('a deterministic write failure fails the delivery with an internal error, once, and a resend then delivers', async () => {
      let status = 418;
      const rx = await receivers.start(() => ({ status, body: 'teapot' }));
      const tenant = await createTenant(stack, 'determ');
      await sql`alter table attempts add constraint no_teapots check (status_code is distinct from 418)`.execute(stack.db);
      try {
        await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['200ms', '200ms'] });
        const event = await publish(stack, tenant, { type: 'order.created', data: {} });
        const id = event.deliveries[0]!.id;
        const failed = await waitForDeliveryStatus(stack, tenant, id, 'failed', 30_000);
        expect(failed.failureReason).toMatch(/^internal error: PostgreSQL refused a write or read \(SQLSTATE 23514\)/);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(rx.requests).toHaveLength(1);

        await sql`alter table attempts drop constraint no_teapots`.execute(stack.db);
        status = 200;
        const resent = await stack.api('POST', `/v1/tenants/${tenant}/deliveries/${id}/resend`);
        expect(resent.status).toBe(202);
        const finished = await waitForDeliveryStatus(stack, tenant, id, 'finished');
        expect(rx.requests).toHaveLength(2);
        expect(finished.attempts.at(-1)).toMatchObject({ trigger: 'manual', statusCode: 200 });
      } finally {
        await sql`alter table attempts drop constraint if exists no_teapots`.execute(stack.db);
      }
    }, 60_000);
  });

  describe('a stalled worker', () => {
    let slow: TestStack;
    beforeAll(async () => {
      slow = await startTestStack({ WORKER_STALL_AFTER: '1s' });
    });
    afterAll(async () => {
      await slow?.stop();
    });

    it('/readyz answers 503 naming the worker while attempts are in flight and none finishes, and 200 once they do', async () => {
      const rx = await receivers.start(() => ({ status: 200, body: 'late', delayMs: 5_000 }));
      const tenant = await createTenant(slow, 'stall');
      await createEndpoint(slow, tenant, { url: rx.url(), timeoutMs: 8_000 });
      expect((await slow.api('GET', '/readyz')).status).toBe(200);
      const event = await publish(slow, tenant, { type: 'order.created', data: {} });

      const stalled = await eventually(
        async () => {
          const response = await slow.api('GET', '/readyz');
          return response.status === 503 ? response.body : undefined;
        },
        10_000,
        '/readyz 503',
      );
      expect(stalled.down).toEqual(['workerStall']);
      expect(stalled.checks.workerStall.detail).toMatch(/^worker \S+ stalled: 1 attempt\(s\) in flight, none finished for \d+ s$/);
      const workerId = /^worker (\S+) stalled/.exec(stalled.checks.workerStall.detail)![1]!;
      const metrics = await (await fetch(`${slow.apiUrl}/metrics`)).text();
      expect(metrics).toContain('hookflow_workers_stalled 1');
      expect(metrics).toContain(`hookflow_worker_stalled{worker_id="${workerId}"} 1`);
      expect(metrics).toContain(`hookflow_worker_attempts_in_flight{worker_id="${workerId}"} 1`);

      await waitForDeliveryStatus(slow, tenant, event.deliveries[0]!.id, 'finished');
      await eventually(async () => (await slow.api('GET', '/readyz')).status === 200, 10_000, '/readyz 200 again');
      expect(await (await fetch(`${slow.apiUrl}/metrics`)).text()).toContain('hookflow_workers_stalled 0');
    }, 60_000);
  });
});
