import type { Client } from '@temporalio/client';
import { BURST_PUBLISHES, BURST_QUIET_MS, PublishBurst } from '../../src/temporal/publish-burst';
import { StartQueue, type StartWork } from '../../src/temporal/start-queue';
import type { Logger } from '../../src/lib/logger';

/** PUBLISH_BURST_START_HOLD: a burst's starts wait until it has been answered, bounded. */

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('PublishBurst', () => {
  it('never holds a single publisher, however fast', () => {
    const c = clock();
    const burst = new PublishBurst(2_000, c.now, () => undefined);
    for (let i = 0; i < 100; i++) {
      const end = burst.begin();
      expect(burst.heldUntil(c.now())).toBeUndefined();
      c.advance(1);
      end();
    }
  });

  it('holds from BURST_PUBLISHES in flight, until fewer have been in flight for BURST_QUIET_MS', () => {
    const c = clock();
    let eased = 0;
    const burst = new PublishBurst(2_000, c.now, () => eased++);
    const ends = Array.from({ length: BURST_PUBLISHES - 1 }, () => burst.begin());
    expect(burst.heldUntil(c.now())).toBeUndefined();
    ends.push(burst.begin());
    const queuedAt = c.now();
    expect(burst.heldUntil(queuedAt)).toBe(queuedAt + 2_000);

    // A dip below the threshold that recovers within the quiet time does not end it.
    ends.pop()!();
    expect(eased).toBe(1);
    expect(burst.heldUntil(queuedAt)).toBe(c.now() + BURST_QUIET_MS);
    c.advance(BURST_QUIET_MS - 1);
    ends.push(burst.begin());
    c.advance(5);
    expect(burst.heldUntil(queuedAt)).toBe(queuedAt + 2_000);

    // Quiet for BURST_QUIET_MS: it has ended, and a lone publish after it is not held.
    for (const end of ends.splice(0)) end();
    c.advance(BURST_QUIET_MS);
    expect(burst.heldUntil(queuedAt)).toBeUndefined();
    const lone = burst.begin();
    expect(burst.heldUntil(c.now())).toBeUndefined();
    lone();
  });

  it('holds a start at most holdMs after its publish, even while the burst goes on', () => {
    const c = clock();
    const burst = new PublishBurst(2_000, c.now, () => undefined);
    for (let i = 0; i < 16; i++) burst.begin();
    const queuedAt = c.now();
    c.advance(1_999);
    expect(burst.heldUntil(queuedAt)).toBe(queuedAt + 2_000);
    c.advance(1);
    expect(burst.heldUntil(queuedAt)).toBeUndefined();
    // Later publishes of the same burst are still held, each from its own time.
    expect(burst.heldUntil(c.now())).toBe(c.now() + 2_000);
  });

  it('holds nothing with a hold of 0', () => {
    const c = clock();
    const burst = new PublishBurst(0, c.now, () => undefined);
    for (let i = 0; i < 16; i++) burst.begin();
    expect(burst.heldUntil(c.now())).toBeUndefined();
  });
});

describe('StartQueue with a burst hold', () => {
  const logger = { warn: () => undefined } as unknown as Logger;
  /** A client whose starts are recorded with the time they were asked for. */
  function recordingClient() {
    const started: { id: string; at: number }[] = [];
    const client = {
      withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
      workflow: {
        start: async (_type: string, options: { workflowId: string }) => {
          started.push({ id: options.workflowId, at: Date.now() });
          return { eagerlyStarted: false };
        },
      },
    } as unknown as Client;
    return { client, started };
  }
  const work = (id: string): StartWork => ({
    kind: 'delivery',
    delivery: {
      deliveryId: id,
      tenantId: 't',
      eventId: `evt_${id}`,
      endpointId: 'ep',
      eventType: 'order.created',
      endpointUrl: 'https://example.com/hook',
      workflowId: `wf-${id}`,
      retryScheduleMs: null,
      timeoutMs: null,
      test: false,
      orderingSeq: null,
      predecessorId: null,
    },
  });
  const queue = (client: Client, burstHoldMs: number) =>
    new StartQueue({
      client,
      defaults: { taskQueue: 'q', retryScheduleMs: [1_000], timeoutMs: 3_000 },
      logger,
      concurrency: 32,
      maxBacklog: 1_000,
      burstHoldMs,
    });

  it('starts a lone publish at once', async () => {
    const { client, started } = recordingClient();
    const q = queue(client, 2_000);
    const end = q.publishing();
    q.enqueue([work('a')]);
    end();
    await q.drained();
    expect(started.map((s) => s.id)).toEqual(['wf-a']);
  });

  it('holds the starts of a burst until it has been answered, then starts them in publish order', async () => {
    const { client, started } = recordingClient();
    const q = queue(client, 2_000);
    const t0 = Date.now();
    // Eight publishes in flight at once, each committing and queueing its start.
    const ends = Array.from({ length: 8 }, () => q.publishing());
    for (let i = 0; i < 8; i++) q.enqueue([work(String(i))]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started).toEqual([]);
    expect(q.backlog).toBe(8);
    for (const end of ends) end();
    await q.drained();
    expect(started.map((s) => s.id)).toEqual(['wf-0', 'wf-1', 'wf-2', 'wf-3', 'wf-4', 'wf-5', 'wf-6', 'wf-7']);
    // Started once the burst had been quiet, not at the hold's end.
    expect(Math.min(...started.map((s) => s.at)) - t0).toBeLessThan(1_000);
  });

  it('starts a held start when its hold ends, though the burst goes on', async () => {
    const { client, started } = recordingClient();
    const q = queue(client, 300);
    const ends = Array.from({ length: 8 }, () => q.publishing());
    const t0 = Date.now();
    q.enqueue([work('x')]);
    await q.drained();
    expect(started.map((s) => s.id)).toEqual(['wf-x']);
    expect(started[0]!.at - t0).toBeGreaterThanOrEqual(290);
    for (const end of ends) end();
  });

  it('holds nothing with PUBLISH_BURST_START_HOLD=0s', async () => {
    const { client, started } = recordingClient();
    const q = queue(client, 0);
    const ends = Array.from({ length: 8 }, () => q.publishing());
    q.enqueue([work('y')]);
    await q.drained();
    expect(started.map((s) => s.id)).toEqual(['wf-y']);
    for (const end of ends) end();
  });
});
