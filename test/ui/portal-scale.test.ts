import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * The portal with 10,000 events in the log (20,000 deliveries and attempts, seeded with
 * `npm run seed`): how long each page takes until its data shows. The target is 1 s
 * on the local stack; the assertion is generous because this machine is shared, and the
 * measured times are printed for the record.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const EVENTS = 10_000;
const TENANT = 'scale';

describe('customer portal with 10,000 events', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    stack = await startTestStack({}, { worker: false });
    const seeded = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/seed-events.ts', '--events', String(EVENTS), '--tenant', TENANT, '--days', '2'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.databaseUrl }, encoding: 'utf8' },
    );
    if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    process.stdout.write(`portal page timings with ${EVENTS} events (ms, until the data shows): ${JSON.stringify(timings)}\n`);
  });

  async function timed(name: string, go: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<void> {
    const started = Date.now();
    await go();
    await ready();
    timings[name] = Date.now() - started;
  }

  it('shows every page within a few seconds (target: 1 s)', async () => {
    const { data } = await stack.client.POST('/v1/tenants/{tenantId}/portal-sessions', {
      params: { path: { tenantId: TENANT } },
      body: {},
    });
    const link = `${stack.apiUrl}/portal/${new URL(data!.url).hash}`;
    const newest = `evt_${TENANT}_${String(EVENTS).padStart(9, '0')}`;
    const at = (route: string) => () => page.goto(`${stack.apiUrl}/portal/${route}`);

    await timed(
      'endpoints (cold load)',
      () => page.goto(link),
      () => page.getByRole('cell', { name: /%$/ }).first().waitFor(),
    );
    await timed('event log', at('#/events'), () => page.getByRole('link', { name: newest }).waitFor());
    await timed('event log, Failed order.*', at('#/events?type=order.*&status=failed'), () =>
      page.getByRole('table').getByRole('link').first().waitFor(),
    );
    await page.getByRole('button', { name: 'Load more' }).waitFor();
    await timed(
      'event log, load more',
      () => page.getByRole('button', { name: 'Load more' }).click(),
      () => page.getByRole('table').getByRole('link').nth(50).waitFor(),
    );
    await timed('event', at(`#/events/${newest}`), () => page.getByRole('heading', { name: 'Payload' }).waitFor());
    await timed('endpoint', at(`#/endpoints/ep_${TENANT}_a`), () =>
      page.getByRole('region', { name: 'Recent deliveries' }).getByRole('link').first().waitFor(),
    );
    await timed('delivery', at(`#/deliveries/dlv_${newest}_1`), () => page.getByRole('list', { name: 'Attempt timeline' }).waitFor());

    for (const [name, ms] of Object.entries(timings)) expect([name, ms < 5_000]).toEqual([name, true]);
  });
});
