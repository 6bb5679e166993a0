import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousA11yViolations } from '../helpers/browser';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * The customer portal in Debian's Chromium, against the real API, worker and receivers on
 * loopback: what a platform's customer does with a session link.
 */

/** A page that frames the portal: a second loopback origin, as a platform's own site. */
async function startFramer(): Promise<{ origin: string; frame(src: string): string; close(): Promise<void> }> {
  let src = '';
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><html lang="en"><title>Platform</title><iframe title="Webhooks" src="${src}" width="1000" height="700"></iframe></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    frame: (url) => {
      src = url;
      return `${origin}/`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const WRITE_BUTTONS = [
  'Add endpoint',
  'Send test event',
  'Resend',
  'Rotate secret',
  'Recover',
  'Save changes',
  'Delete endpoint',
  'Edit headers',
  'Skip: let the next event go',
];
const pageTimings: Record<string, number> = {};

describe('customer portal', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let allowedFramer: Awaited<ReturnType<typeof startFramer>>;
  let otherFramer: Awaited<ReturnType<typeof startFramer>>;
  const receivers = new ReceiverPool();
  let tenantId: string;

  /** A session link for `tenant`, on the test API (PUBLIC_URL is not known before it listens). */
  async function sessionLink(tenant: string, body: Record<string, unknown> = {}): Promise<{ id: string; url: string }> {
    const { data, response } = await stack.client.POST('/v1/tenants/{tenantId}/portal-sessions', {
      params: { path: { tenantId: tenant } },
      body,
    });
    expect(response.status).toBe(201);
    const link = new URL(data!.url);
    expect(link.pathname).toBe('/portal/');
    return { id: data!.id, url: `${stack.apiUrl}/portal/${link.hash}` };
  }

  /** Opens a page and waits until `ready` is visible; records how long that took. */
  async function show(name: string, url: string, ready: () => ReturnType<Page['getByRole']>): Promise<void> {
    const started = Date.now();
    await page.goto(url);
    await ready().waitFor();
    pageTimings[name] = Date.now() - started;
  }

  beforeAll(async () => {
    allowedFramer = await startFramer();
    otherFramer = await startFramer();
    stack = await startTestStack({ PORTAL_FRAME_ANCESTORS: `'self' ${allowedFramer.origin}` });
    browser = await launchBrowser();
    tenantId = await createTenant(stack, 'shop');
    for (const [name, example] of [
      ['order.created', { orderId: 'ord_1001', total: 4200, currency: 'EUR' }],
      ['order.updated', { orderId: 'ord_1001', status: 'paid' }],
      ['customer.created', { customerId: 'cus_7', email: 'ada@example.com' }],
    ] as const) {
      const { response } = await stack.client.POST('/v1/event-types', { body: { name, description: `The ${name} event.`, example } });
      expect(response.status).toBe(201);
    }
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await receivers.closeAll();
    await stack?.stop();
    await allowedFramer?.close();
    await otherFramer?.close();
    process.stdout.write(`portal page timings (ms, until the page's data shows): ${JSON.stringify(pageTimings)}\n`);
  });

  it('adds an endpoint from a session link and shows the receiver’s answer to a test event', async () => {
    const receiver = await receivers.start(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"received":true}',
    }));
    const { url } = await sessionLink(tenantId, { theme: { primaryColor: '#0a6e4f', mode: 'light' } });
    await show('endpoints (empty)', url, () => page.getByRole('heading', { name: 'Endpoints' }));
    // The token left the address bar; the theme's colour is a CSS variable.
    expect(page.url()).not.toContain('hfps_');
    await expect(page.getByRole('link', { name: 'Endpoints' }).getAttribute('aria-current')).resolves.toBe('page');
    expect(await page.evaluate("document.documentElement.style.getPropertyValue('--primary')")).toBe('#0a6e4f');

    await page.getByRole('button', { name: 'Add endpoint', exact: true }).click();
    await page.getByLabel('Endpoint URL').fill(receiver.url());
    await page.getByLabel('Description').fill('Order sync');
    await page.getByRole('checkbox', { name: 'order.*' }).check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: receiver.url() }).waitFor();
    await screenshot(page, 'endpoint');

    // The first catalog type this endpoint subscribes to (order.*), with its example.
    await expect(page.getByLabel('Event type').inputValue()).resolves.toBe('order.created');
    await expect(page.getByLabel('Event data (JSON)').inputValue()).resolves.toContain('ord_1001');
    await page.getByLabel('Event data (JSON)').fill('{"orderId":"ord_test_1","total":1.10}');
    await page.getByRole('button', { name: 'Send test event', exact: true }).click();

    const [request] = await receiver.waitForRequests(1);
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'order.created', data: { orderId: 'ord_test_1' } });
    expect(request!.body).toContain('"data":{"orderId":"ord_test_1","total":1.10}');
    await expect(page.getByTestId('attempt-status').textContent({ timeout: 20_000 })).resolves.toBe('200');
    await expect(page.getByTestId('attempt-body').textContent()).resolves.toBe('{"received":true}');
    await page.getByRole('region', { name: 'Recent deliveries' }).getByText('Finished').waitFor();
    await page.getByRole('img', { name: 'Last 24 hours: 1 delivered, 0 failed or retrying' }).waitFor();
    await page.getByText('100% of 1 attempt', { exact: true }).waitFor();
    await screenshot(page, 'test-event');

    await page.goto(`${stack.apiUrl}/portal/#/endpoints`);
    await page.getByRole('cell', { name: '100%' }).waitFor();
  });

  it('shows a failing delivery as Retrying with its next attempt, and Resend finishes it with a manual attempt', async () => {
    let healthy = false;
    const receiver = await receivers.start(() => (healthy ? { status: 200, body: 'back' } : { status: 500, body: 'down' }));
    const endpoint = await createEndpoint(stack, tenantId, { url: receiver.url(), eventTypes: ['customer.*'], retrySchedule: ['1h'] });
    const event = await publish(stack, tenantId, { type: 'customer.created', data: { customerId: 'cus_9' } });
    const deliveryId = event.deliveries.find((d) => d.endpointId === endpoint.id)!.id;
    await waitForDeliveryStatus(stack, tenantId, deliveryId, 'retrying');

    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await show('delivery', `${stack.apiUrl}/portal/#/deliveries/${deliveryId}`, () => page.getByRole('heading', { name: 'Delivery' }));
    await expect(page.getByTestId('delivery-status').textContent()).resolves.toBe('Retrying');
    const next = await page.getByTestId('next-attempt').locator('time').getAttribute('datetime');
    expect(Date.parse(next!)).toBeGreaterThan(Date.now() + 30 * 60_000);

    healthy = true;
    await page.getByRole('button', { name: 'Resend', exact: true }).click();
    await page.getByTestId('delivery-status').getByText('Finished').waitFor({ timeout: 20_000 });
    const timeline = page.getByRole('list', { name: 'Attempt timeline' });
    await timeline.getByText('manual').waitFor();
    await expect(timeline.getByRole('listitem').count()).resolves.toBe(2);
    expect(receiver.requests.map((r) => r.n)).toEqual([1, 2]);
    await screenshot(page, 'delivery');
  });

  it('orders an endpoint in the settings; a delivery waits for an earlier event, and Skip lets the line go on', async () => {
    const receiver = await receivers.start((request) => ({ status: request.n === 1 ? 500 : 200 }));
    const endpoint = await createEndpoint(stack, tenantId, { url: receiver.url(), eventTypes: ['shipment.*'] });
    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await page.goto(`${stack.apiUrl}/portal/#/endpoints/${endpoint.id}`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Delivery order').selectOption({ label: 'In publish order, per ordering key' });
    await settings.getByLabel('When an event fails for good').selectOption({ label: 'Stop the line until it is resent or skipped' });
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByText('Saved.').waitFor();
    const saved = await stack.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId, endpointId: endpoint.id } },
    });
    expect(saved.data).toMatchObject({ ordering: 'fifo', fifoOnFailure: 'block' });
    // No retries (an empty schedule in the form means the default): a failure is for good at once.
    await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId, endpointId: endpoint.id } },
      body: { retrySchedule: [] },
    });

    // The first event fails for good (no retries); the second waits behind it.
    const head = await publish(stack, tenantId, { type: 'shipment.created', data: { n: 1 }, orderingKey: 'ord_7' });
    const behind = await publish(stack, tenantId, { type: 'shipment.updated', data: { n: 2 }, orderingKey: 'ord_7' });
    const ofEndpoint = (event: typeof head) => event.deliveries.find((d) => d.endpointId === endpoint.id)!.id;
    await waitForDeliveryStatus(stack, tenantId, ofEndpoint(head), 'failed');
    await page.goto(`${stack.apiUrl}/portal/#/deliveries/${ofEndpoint(behind)}`);
    await page.getByTestId('next-attempt').getByText('Waiting for an earlier event').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('delivery-order').textContent()).resolves.toBe('Number 2 in line ord_7');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The link leads to the delivery it waits for, which failed: Skip lets the line go on.
    await page.getByRole('link', { name: 'the delivery before it' }).click();
    await page.getByTestId('delivery-status').getByText('Failed').waitFor();
    await expect(page.getByTestId('delivery-order').textContent()).resolves.toBe('Number 1 in line ord_7');
    await page.getByRole('button', { name: 'Skip: let the next event go' }).click();
    await page.getByText('Skipped: the next event in this line goes on.').waitFor();
    await waitForDeliveryStatus(stack, tenantId, ofEndpoint(behind), 'finished');
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.n)).toEqual([1, 2]);
  });

  it('filters the event log by Failed and order.*, keeps the filters in the URL and across a reload', async () => {
    const receiver = await receivers.start(() => ({ status: 503, body: 'unavailable' }));
    const endpoint = await createEndpoint(stack, tenantId, { url: receiver.url(), eventTypes: ['*'], retrySchedule: ['10ms'] });
    // Published as text: 1.10 and a 20-digit integer must be shown as written, not as JSON.parse reads them.
    const published = await stack.api(
      'POST',
      `/v1/tenants/${tenantId}/events`,
      '{"type":"order.updated","data":{"orderId":"ord_2","total":1.10,"ref":12345678901234567890,"tags":[]}}',
    );
    expect(published.status).toBe(202);
    const failedOrder = published.body as { id: string; deliveries: { id: string; endpointId: string }[] };
    const failedCustomer = await publish(stack, tenantId, { type: 'customer.created', data: { customerId: 'cus_2' } });
    for (const event of [failedOrder, failedCustomer]) {
      await waitForDeliveryStatus(stack, tenantId, event.deliveries.find((d) => d.endpointId === endpoint.id)!.id, 'failed');
    }

    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await show('event log', `${stack.apiUrl}/portal/#/events`, () => page.getByRole('link', { name: failedCustomer.id }));
    await page.getByLabel('Status').selectOption({ label: 'Failed' });
    await page.getByLabel('Event type').fill('order.*');
    await page.getByLabel('Event type').press('Enter');
    await page.waitForURL((u) => u.hash.includes('type=order.*') && u.hash.includes('status=failed'));
    await page.getByRole('link', { name: failedOrder.id }).waitFor();
    await expect(page.getByRole('link', { name: failedCustomer.id }).count()).resolves.toBe(0);

    await page.reload();
    await page.getByRole('link', { name: failedOrder.id }).waitFor();
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe('failed');
    await expect(page.getByLabel('Event type').inputValue()).resolves.toBe('order.*');
    await expect(page.getByRole('link', { name: failedCustomer.id }).count()).resolves.toBe(0);
    await screenshot(page, 'event-log');

    // Time range and the test flag are filters in the URL too.
    await page.getByLabel('Time range').selectOption({ label: 'Last hour' });
    await page.waitForURL((u) => u.hash.includes('range=1h'));
    await page.getByRole('link', { name: failedOrder.id }).waitFor();
    await page.getByLabel('Test events').selectOption({ label: 'Only test events' });
    await page.waitForURL((u) => u.hash.includes('test=true') && u.hash.includes('status=failed'));
    await page.getByText('No event matches.').waitFor();

    await show('event', `${stack.apiUrl}/portal/#/events/${failedOrder.id}`, () => page.getByRole('heading', { name: 'Payload' }));
    await expect(page.getByLabel('Event data').textContent()).resolves.toBe(
      '{\n  "orderId": "ord_2",\n  "total": 1.10,\n  "ref": 12345678901234567890,\n  "tags": []\n}',
    );
    await screenshot(page, 'event');
  });

  it('recovers the failed deliveries of an endpoint since a chosen time', async () => {
    let healthy = false;
    const receiver = await receivers.start(() => (healthy ? { status: 200, body: 'ok' } : { status: 500, body: 'down' }));
    const endpoint = await createEndpoint(stack, tenantId, { url: receiver.url(), eventTypes: ['order.created'], retrySchedule: ['10ms'] });
    const event = await publish(stack, tenantId, { type: 'order.created', data: { orderId: 'ord_recover' } });
    const deliveryId = event.deliveries.find((d) => d.endpointId === endpoint.id)!.id;
    await waitForDeliveryStatus(stack, tenantId, deliveryId, 'failed');
    healthy = true;

    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await page.goto(`${stack.apiUrl}/portal/#/endpoints/${endpoint.id}`);
    await page.getByLabel('Failed since').waitFor();
    await page.getByRole('button', { name: 'Recover', exact: true }).click();
    await page.getByText(/^Recovery started/).waitFor();
    const recovered = await waitForDeliveryStatus(stack, tenantId, deliveryId, 'finished');
    expect(recovered.attempts.at(-1)).toMatchObject({ trigger: 'manual', statusCode: 200 });
  });

  it('rotates the secret and explains the overlap', async () => {
    const endpoint = await createEndpoint(stack, tenantId, { url: 'http://127.0.0.1:9/never', eventTypes: ['order.created'] });
    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await show('endpoint', `${stack.apiUrl}/portal/#/endpoints/${endpoint.id}`, () => page.getByRole('button', { name: 'Reveal secret' }));
    await expect(page.getByText(endpoint.secret).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await page.getByText(endpoint.secret).waitFor();
    await page.getByRole('button', { name: 'Rotate secret', exact: true }).click();
    await page.getByText('The previous secret keeps signing too until').waitFor();
    const shown = await page.getByTestId('secret').textContent();
    expect(shown).toMatch(/^whsec_/);
    expect(shown).not.toBe(endpoint.secret);
  });

  it('edits an endpoint and deletes it after a confirmation', async () => {
    const endpoint = await createEndpoint(stack, tenantId, { url: 'http://127.0.0.1:9/edit-me', eventTypes: ['order.created'] });
    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await page.goto(`${stack.apiUrl}/portal/#/endpoints/${endpoint.id}`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Description').fill('Renamed');
    await settings.getByRole('checkbox', { name: 'customer.*' }).check();
    await settings.getByRole('checkbox', { name: 'Enabled' }).uncheck();
    await settings.getByLabel('Retry schedule').fill('5s, 1m');
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await settings.getByText('Saved.').waitFor();
    const saved = await stack.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId, endpointId: endpoint.id } },
    });
    expect(saved.data).toMatchObject({
      description: 'Renamed',
      enabled: false,
      eventTypes: ['order.created', 'customer.*'],
      retrySchedule: ['5s', '1m'],
    });
    await page.getByText('Disabled').first().waitFor();

    // Custom headers: masked until edited, then saved with the endpoint.
    const headers = page.getByRole('region', { name: 'Custom headers' });
    await headers.getByRole('button', { name: 'Edit headers' }).click();
    await headers.getByLabel('Headers').fill('X-Shop: acme\nAuthorization: Bearer rcv_123');
    await headers.getByRole('button', { name: 'Save headers' }).click();
    await headers.getByText('Headers saved.').waitFor();
    await headers.getByText('Authorization').waitFor();
    await expect(page.getByText('rcv_123').count()).resolves.toBe(0);
    const clear = await stack.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/headers', {
      params: { path: { tenantId, endpointId: endpoint.id } },
    });
    expect(clear.data!.headers).toEqual({ 'X-Shop': 'acme', Authorization: 'Bearer rcv_123' });

    await settings.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep it' }).click();
    await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
    await settings.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL((u) => u.hash === '#/endpoints');
    const gone = await stack.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId, endpointId: endpoint.id } },
    });
    expect(gone.response.status).toBe(404);
  });

  it('gives a read-only session no write control', async () => {
    const receiver = await receivers.start();
    const endpoint = await createEndpoint(stack, tenantId, {
      url: receiver.url(),
      eventTypes: ['order.created'],
      headers: { 'X-Shop': 'acme' },
    });
    const event = await publish(stack, tenantId, { type: 'order.created', data: { orderId: 'ord_ro' } });
    const endpointId = endpoint.id;
    const deliveryId = event.deliveries.find((d) => d.endpointId === endpointId)!.id;
    const { url } = await sessionLink(tenantId, { readOnly: true });
    await page.goto(url);
    await page.getByText('Read-only').waitFor();
    for (const [route, ready] of [
      ['#/endpoints', 'Endpoints'],
      [`#/endpoints/${endpointId}`, 'Signing secret'],
      [`#/deliveries/${deliveryId}`, 'Delivery'],
    ] as const) {
      await page.goto(`${stack.apiUrl}/portal/${route}`);
      await page.getByRole('heading', { name: ready }).waitFor();
      for (const name of WRITE_BUTTONS) await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
    }
  });

  it('shows "This link has expired" for a revoked or expired session', async () => {
    const revoked = await sessionLink(tenantId);
    const { response } = await stack.client.DELETE('/v1/tenants/{tenantId}/portal-sessions/{sessionId}', {
      params: { path: { tenantId, sessionId: revoked.id } },
    });
    expect(response.status).toBe(204);
    await show('expired', revoked.url, () => page.getByRole('heading', { name: 'This link has expired' }));
    await screenshot(page, 'expired');

    const expired = await sessionLink(tenantId);
    const page2 = await context.newPage();
    await page2.goto(expired.url);
    await page2.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await stack.db
      .updateTable('portal_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.id)
      .execute();
    await page2.reload();
    await page2.getByRole('heading', { name: 'This link has expired' }).waitFor();
  });

  it("keeps a tenant's session out of another tenant's event opened by URL", async () => {
    const other = await createTenant(stack, 'other');
    const secretEvent = await publish(stack, other, { type: 'order.created', data: { marker: 'tenant-b-private' } });
    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await page.goto(`${stack.apiUrl}/portal/#/events/${secretEvent.id}`);
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not found/i);
    await expect(page.getByText('tenant-b-private').count()).resolves.toBe(0);
  });

  it('renders in a frame on an allowed origin and is refused on another', async () => {
    const portal = await fetch(`${stack.apiUrl}/portal/`);
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${allowedFramer.origin}`);
    // X-Frame-Options cannot name another origin: it is left out rather than contradict the CSP.
    expect(portal.headers.get('x-frame-options')).toBeNull();

    const { url } = await sessionLink(tenantId);
    await page.goto(allowedFramer.frame(url));
    const framed = page.frameLocator('iframe[title="Webhooks"]');
    await framed.getByRole('heading', { name: 'Endpoints' }).waitFor();

    const refusals: string[] = [];
    page.on('console', (message) => refusals.push(message.text()));
    const second = await sessionLink(tenantId);
    await page.goto(otherFramer.frame(second.url));
    await eventually(async () => refusals.some((text) => text.includes('frame-ancestors')), 10_000, 'the frame-ancestors refusal');
    await expect(framed.getByRole('heading', { name: 'Endpoints' }).count()).resolves.toBe(0);
  });

  it('has no serious or critical accessibility violation on any page', async () => {
    const receiver = await receivers.start(() => ({ status: 200, body: 'ok' }));
    const endpoint = await createEndpoint(stack, tenantId, {
      url: receiver.url(),
      eventTypes: ['order.created'],
      headers: { 'X-Shop': 'acme' },
    });
    const event = await publish(stack, tenantId, { type: 'order.created', data: { orderId: 'ord_a11y' } });
    const delivery = event.deliveries.find((d) => d.endpointId === endpoint.id)!;
    await waitForDeliveryStatus(stack, tenantId, delivery.id, 'finished');
    const { url } = await sessionLink(tenantId);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await page.getByRole('cell').first().waitFor();
    const found: Record<string, string[]> = { endpoints: await seriousA11yViolations(page) };
    await screenshot(page, 'endpoints');
    for (const [name, route, ready] of [
      ['endpoint', `#/endpoints/${delivery.endpointId}`, 'Signing secret'],
      ['event log', '#/events', 'Event log'],
      ['event', `#/events/${event.id}`, 'Payload'],
      ['delivery', `#/deliveries/${delivery.id}`, 'Attempts'],
    ] as const) {
      await page.goto(`${stack.apiUrl}/portal/${route}`);
      await page.getByRole('heading', { name: ready }).waitFor();
      found[name] = await seriousA11yViolations(page);
    }
    await page.getByRole('button', { name: 'Resend' }).waitFor();
    // The dark theme keeps its contrast.
    const dark = await sessionLink(tenantId, { theme: { mode: 'dark' } });
    await page.goto(dark.url);
    await page.getByRole('cell').first().waitFor();
    expect(await page.evaluate('document.documentElement.dataset.mode')).toBe('dark');
    found['endpoints (dark)'] = await seriousA11yViolations(page);
    await page.goto(`${stack.apiUrl}/portal/#/endpoints/${delivery.endpointId}`);
    await page.getByRole('heading', { name: 'Signing secret' }).waitFor();
    found['endpoint (dark)'] = await seriousA11yViolations(page);
    await screenshot(page, 'endpoint-dark');
    await stack.db.updateTable('portal_sessions').set({ revoked_at: new Date() }).execute();
    await page.reload();
    await page.getByRole('heading', { name: 'This link has expired' }).waitFor();
    found.expired = await seriousA11yViolations(page);
    expect(found).toEqual({
      endpoints: [],
      endpoint: [],
      'event log': [],
      event: [],
      delivery: [],
      'endpoints (dark)': [],
      'endpoint (dark)': [],
      expired: [],
    });
  });
});
