/**
 * Counts a worker's delivery attempts in flight and when one last finished. Every send
 * ends by its hard deadline (at most the longest endpoint timeout plus a margin), so
 * attempts in flight with none finishing for longer than STALL_AFTER_MS means the
 * worker is stuck (its slots held by something that never returns), and readiness says so.
 */
export const STALL_AFTER_MS = 45_000;

export interface AttemptSnapshot {
  inFlight: number;
  /** Epoch ms; the tracker's creation time until an attempt finishes. */
  lastFinishedAt: number;
  /** Epoch ms of the oldest attempt still running, or null. */
  oldestStartedAt: number | null;
  /** Epoch ms since when the worker counts as stalled, or null. */
  stalledSince: number | null;
}

export class AttemptTracker {
  private readonly running = new Map<number, number>();
  private next = 0;
  private lastFinishedAt: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly stallAfterMs = STALL_AFTER_MS,
  ) {
    this.lastFinishedAt = now();
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    const id = this.next++;
    this.running.set(id, this.now());
    try {
      return await work();
    } finally {
      this.running.delete(id);
      this.lastFinishedAt = this.now();
    }
  }

  snapshot(): AttemptSnapshot {
    let oldestStartedAt: number | null = null;
    for (const started of this.running.values()) oldestStartedAt = oldestStartedAt === null ? started : Math.min(oldestStartedAt, started);
    // Stalled from the moment both the last finish and the oldest start are STALL_AFTER_MS old.
    const stalledSince = oldestStartedAt === null ? null : Math.max(this.lastFinishedAt, oldestStartedAt) + this.stallAfterMs;
    return {
      inFlight: this.running.size,
      lastFinishedAt: this.lastFinishedAt,
      oldestStartedAt,
      stalledSince: stalledSince !== null && stalledSince <= this.now() ? stalledSince : null,
    };
  }
}
