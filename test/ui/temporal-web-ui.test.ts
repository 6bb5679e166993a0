import type { Browser, Page } from 'playwright-core';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startTemporalDevServer, type TemporalDevServerHandle } from '../../src/dev/temporal-dev-server';
import { launchBrowser, screenshot } from '../helpers/browser';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { freePort } from '../helpers/ports';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * The Temporal Web UI itself, in Debian's Chromium: the shared dev server of the global
 * setup is headless, so this file starts its own with the UI, and a hookflow against it.
 * A finished and a failed delivery show as Completed and Failed in the workflow list; the
 * failed one's page shows its summary and the reason. The list screenshot is the one in
 * docs/operations.md (copied from test-output/web-ui/ by hand, as the portal's are).
 */
describe('the Temporal Web UI shows deliveries as they ended', () => {
  let server: TemporalDevServerHandle;
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    server = await startTemporalDevServer({
      cli: resolveTemporalCli({ build: false }),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
    });
    stack = await startTestStack({ TEMPORAL_ADDRESS: server.address });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1600, height: 480 } });
    // The list's columns, as an operator would pick them with the table's settings: the
    // search attributes instead of Run ID and Type. The UI keeps the choice in localStorage.
    await context.addInitScript(() => {
      const columns = ['Status', 'Workflow ID', 'EventType', 'TenantId', 'DeliveryStatus', 'EndpointId', 'End'];
      localStorage.setItem(
        'namespace-workflow-table-columns',
        JSON.stringify({ default: columns.map((label, i) => ({ label, pinned: i < 2 })) }),
      );
    });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await receivers.closeAll();
    await stack?.stop();
    await server?.stop();
  });

  it('a finished and a failed delivery: Completed and Failed in the list, summary and reason on the page', async () => {
    const tenant = await createTenant(stack, 'acme');
    const okRx = await receivers.start(() => ({ status: 200 }));
    const failRx = await receivers.start(() => ({ status: 500 }));
    const ok = await createEndpoint(stack, tenant, { url: okRx.url('/webhooks?token=s3cr3t-token') });
    await createEndpoint(stack, tenant, { url: failRx.url('/webhooks/orders?token=s3cr3t-token'), retrySchedule: ['50ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: { id: 1 } });
    const toOk = event.deliveries.find((d) => d.endpointId === ok.id)!;
    const toFail = event.deliveries.find((d) => d.endpointId !== ok.id)!;
    const finished = await waitForDeliveryStatus(stack, tenant, toOk.id, 'finished');
    const failed = await waitForDeliveryStatus(stack, tenant, toFail.id, 'failed');
    expect(failed.failureReason).toBe('retry schedule exhausted after 2 attempts (last: HTTP 500)');

    const list = `${server.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`TenantId="${tenant}"`)}`;
    const row = (workflowId: string) => page.locator('tr', { has: page.getByRole('link', { name: workflowId, exact: true }) });
    // Visibility is eventually consistent: reload until both rows show their final status.
    await eventually(
      async () => {
        await page.goto(list);
        await row(failed.workflowId).getByText('Failed', { exact: true }).waitFor({ timeout: 3_000 });
        await row(finished.workflowId).getByText('Completed', { exact: true }).waitFor({ timeout: 3_000 });
        return true;
      },
      30_000,
      'both deliveries in the Web UI list',
    );
    await page.getByRole('button', { name: 'Collapse saved views' }).click();
    await expect(row(failed.workflowId).textContent()).resolves.toContain(tenant);
    await expect(row(failed.workflowId).textContent()).resolves.toContain('failed'); // DeliveryStatus after a retry
    await expect(row(finished.workflowId).textContent()).resolves.toContain('new'); // first try: nothing upserted
    await screenshot(page, 'deliveries', 'web-ui');

    // The failed delivery's page: the summary (host and path, no query string) and the reason.
    const summary = `order.created → ${new URL(failRx.url()).host}/webhooks/orders (${tenant})`;
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(`${server.uiUrl}/namespaces/default/workflows/${failed.workflowId}`);
    await page.getByText(failed.failureReason, { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.getByText(summary, { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.getByText('attempt 2 · scheduled', { exact: true }).first().waitFor({ timeout: 15_000 });
    expect(await page.locator('body').innerText()).not.toContain('s3cr3t-token');
    // The User Metadata tab: the summary next to the Failed status, and each attempt's. The
    // UI renders the summary as Markdown in a sandboxed frame, so its text is read from the frames.
    await page.getByRole('tab', { name: 'User Metadata' }).click();
    await page.getByText('attempt 2 · scheduled', { exact: true }).waitFor({ timeout: 15_000 });
    await eventually(
      async () => {
        const texts = await Promise.all(
          page.frames().map((frame) =>
            frame
              .locator('body')
              .innerText({ timeout: 1_000 })
              .catch(() => ''),
          ),
        );
        return texts.some((text) => text.includes(summary)) && texts.some((text) => text.includes(`failed: ${failed.failureReason}`));
      },
      15_000,
      'the summary and the current details (how it ended) on the User Metadata tab',
    );
    // The wait for the retry: its timer names the first attempt's answer.
    await page.getByText(/^attempt 1 · HTTP 500 · \d+ ms · next attempt in \d+ ms$/).waitFor({ timeout: 15_000 });
    await screenshot(page, 'failed-delivery', 'web-ui');
  });
});
