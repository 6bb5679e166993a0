import type { Client } from '@temporalio/client';
import type { DeliveryToStart } from '../db/queries/deliveries';
import type { Logger } from '../lib/logger';
import { runInTraceContext, type TraceCarrier } from '../lib/tracing';
import { type DeliveryDefaults, startDeliveryWorkflow } from './deliver';
import { startFanOutWorkflow } from './fan-out';
import { PublishBurst } from './publish-burst';

/**
 * What a committed publish leaves to start: its deliveries' workflows, or its fan-out; with
 * the publish request's trace context, which each start joins (tracing on).
 */
export type StartWork = ({ kind: 'delivery'; delivery: DeliveryToStart } | { kind: 'fanOut'; tenantId: string; eventId: string }) & {
  trace?: TraceCarrier;
};

export interface StartQueueOptions {
  client: Client;
  defaults: DeliveryDefaults;
  logger: Logger;
  /** Starts in flight at once. */
  concurrency: number;
  /** Work queued or in flight beyond which a publish is refused (503 with Retry-After) until it drains. */
  maxBacklog: number;
  /** How long a burst's starts may be held (PUBLISH_BURST_START_HOLD; 0: never): PublishBurst. */
  burstHoldMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * How long one start may wait for Temporal. What is not started in time is left to the
 * reconcile Schedule, which starts every delivery still `new` after RECONCILE_AFTER.
 */
const START_DEADLINE_MS = 5_000;

/** How long a closing process waits for its queued starts; what is left, reconcile starts. */
export const START_DRAIN_MS = 5_000;

/**
 * Starts the workflows of committed publishes after the publish has answered: the publish
 * commits its event and deliveries, enqueues them here and answers 202 at once; this queue
 * starts them in the background, `concurrency` at a time, in publish order.
 *
 * The queue is memory only, and that is safe: everything in it is committed `new` (or
 * `fan_out_pending`) in PostgreSQL, and reconcile starts what a crash or a failed start
 * left behind. Starts are idempotent (the workflow id is the delivery's). `maxBacklog`
 * bounds how far the queue may fall behind Temporal: past it, `full` is true and the
 * publish pushes back (503 with Retry-After) instead of accepting work it cannot start.
 * While this process answers a burst of publishes (`publishing()`), starts wait until the
 * burst has been answered, each at most `burstHoldMs` (PublishBurst).
 */
export class StartQueue {
  private readonly queue: { work: StartWork; at: number }[] = [];
  private head = 0;
  private active = 0;
  /** This process's publishes: while they come in a burst, its starts wait (PublishBurst). */
  private readonly burst: PublishBurst;
  /** Wakes the queue when its held starts are due. */
  private holdTimer: NodeJS.Timeout | undefined;
  private holdTimerAt = 0;
  private readonly now: () => number;
  private idle: (() => void)[] = [];
  private client: Client;
  /** Ask the server to hand each delivery workflow's first task to the worker on the client's connection (useClient). */
  private eager = false;
  /** Delivery workflows this queue started, and how many of them the server started eagerly. */
  readonly counts = { started: 0, eagerlyStarted: 0 };

  constructor(private readonly options: StartQueueOptions) {
    this.client = options.client;
    this.now = options.now ?? Date.now;
    this.burst = new PublishBurst(options.burstHoldMs ?? 0, this.now, () => this.pump());
  }

  /** Work queued or being started now. */
  get backlog(): number {
    return this.queue.length - this.head + this.active;
  }

  /** True while the backlog is at its bound: the publish refuses new work. */
  get full(): boolean {
    return this.backlog >= this.options.maxBacklog;
  }

  /**
   * Starts from now on go through this client: in a process that runs the worker too
   * (HOOKFLOW_ROLE=all), the client on the worker's own connection, with eager start.
   */
  useClient(client: Client, options: { eager: boolean }): void {
    this.client = client;
    this.eager = options.eager;
  }

  enqueue(work: readonly StartWork[]): void {
    const at = this.now();
    for (const w of work) this.queue.push({ work: w, at });
    this.pump();
  }

  /** A publish has begun in this process; call the returned function once it has been answered. */
  publishing(): () => void {
    return this.burst.begin();
  }

  /** Resolves when everything queued so far has been started (or given up to reconcile). */
  async drained(): Promise<void> {
    if (this.backlog === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Waits up to `ms` for the queue to drain (shut-down); what is left stays for reconcile. */
  async drain(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drained(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private pump(): void {
    while (this.active < this.options.concurrency && this.head < this.queue.length) {
      const until = this.burst.heldUntil((this.queue[this.head] as { at: number }).at);
      if (until !== undefined) {
        // Held for the burst: pumped again when it eases or when the oldest start is due.
        this.wakeAt(until);
        break;
      }
      const { work } = this.queue[this.head++] as { work: StartWork };
      this.active++;
      void this.start(work).finally(() => {
        this.active--;
        this.pump();
      });
    }
    // Drop the consumed prefix now and then, so the array does not grow for ever.
    if (this.head > 1_024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.backlog === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** One timer for the held starts, set again only when their time changes (a burst enqueues often). */
  private wakeAt(at: number): void {
    if (this.holdTimer && this.holdTimerAt === at) return;
    clearTimeout(this.holdTimer);
    this.holdTimerAt = at;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.pump();
    }, at - this.now()).unref();
  }

  private async start(work: StartWork): Promise<void> {
    const start = () =>
      this.client.withDeadline(Date.now() + START_DEADLINE_MS, async () => {
        if (work.kind === 'fanOut') {
          await startFanOutWorkflow(this.client, this.options.defaults.taskQueue, { tenantId: work.tenantId, eventId: work.eventId });
        } else {
          const started = await startDeliveryWorkflow(this.client, work.delivery, this.options.defaults, { eager: this.eager });
          if (started) this.counts.started++;
          if (started === 'eager') this.counts.eagerlyStarted++;
        }
      });
    try {
      await (work.trace ? runInTraceContext(work.trace, start) : start());
    } catch (error) {
      // Committed: reconcile starts it.
      const ids =
        work.kind === 'fanOut'
          ? { eventId: work.eventId, tenantId: work.tenantId }
          : {
              deliveryId: work.delivery.deliveryId,
              eventId: work.delivery.eventId,
              endpointId: work.delivery.endpointId,
              tenantId: work.delivery.tenantId,
            };
      this.options.logger.warn({ err: error, ...ids }, 'could not start the workflow; reconcile will');
    }
  }
}
