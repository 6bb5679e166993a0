/** Publishes in flight at once in one process from which they are a burst. */
export const BURST_PUBLISHES = 4;

/** A burst ends once fewer than BURST_PUBLISHES have been in flight for this long. */
export const BURST_QUIET_MS = 20;

/**
 * Whether this process is answering a burst of publishes, and so whether the workflow
 * starts they leave may wait (PUBLISH_BURST_START_HOLD). On a machine where the API, the
 * worker and Temporal share the cores, the deliveries a burst's starts cause take the CPU
 * its acknowledgements need; held until the burst has been answered, they run after it
 * instead. A start is held at most `holdMs` after its publish, so a burst that never ends
 * delays its deliveries by that much and no more. A single publisher, however fast, is
 * never a burst: it has one publish in flight at a time.
 */
export class PublishBurst {
  private inFlight = 0;
  private burst = false;
  /** Since when fewer than BURST_PUBLISHES are in flight, while the burst lasts. */
  private belowSince: number | undefined;

  /** `eased`: called when the burst may have ended, for a holder to look again. */
  constructor(
    private readonly holdMs: number,
    private readonly now: () => number,
    private readonly eased: () => void,
  ) {}

  /** A publish has begun; call the returned function once it has been answered. */
  begin(): () => void {
    this.inFlight++;
    if (this.inFlight >= BURST_PUBLISHES && this.holdMs > 0) {
      this.burst = true;
      this.belowSince = undefined;
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      if (this.burst && this.inFlight === BURST_PUBLISHES - 1) {
        this.belowSince = this.now();
        this.eased();
      }
    };
  }

  /** Until when a start queued at `queuedAt` waits (a time of `now`); undefined: it starts now. */
  heldUntil(queuedAt: number): number | undefined {
    if (!this.burst) return undefined;
    const now = this.now();
    const quietEnd = this.belowSince === undefined ? Infinity : this.belowSince + BURST_QUIET_MS;
    if (quietEnd <= now) {
      this.burst = false;
      this.belowSince = undefined;
      return undefined;
    }
    const due = queuedAt + this.holdMs;
    return due <= now ? undefined : Math.min(due, quietEnd);
  }
}
