import { condition, proxyLocalActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { type HookflowActivities, LINE_RECHECK_MS, type LinePlace, predecessorSettledSignal } from '../contract';

/** Only faults of our own fail these (PostgreSQL, Temporal): retried until they pass. */
const { askLine, notifySuccessor } = proxyLocalActivities<HookflowActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * Ordered delivery: a delivery's workflow in a `fifo` line. It registers for the signal
 * its predecessor sends when it settles; `waitForTurn` asks the line (PostgreSQL) and,
 * while the delivery before it has not settled, waits on that signal, asking again at
 * least every LINE_RECHECK_MS, so a lost signal cannot stall the line. No attempt is
 * made, and the retry schedule does not start, before its turn.
 */
export function joinLine(place: LinePlace, deliveryId: string) {
  let moved = false;
  setHandler(predecessorSettledSignal, () => {
    moved = true;
  });
  return {
    async waitForTurn(hooks: { waiting(predecessorId: string | null): void; betweenChecks(): Promise<void> }): Promise<void> {
      if (place.passed || place.predecessorId === undefined) return;
      for (;;) {
        moved = false;
        const answer = await askLine({ deliveryId });
        if (answer.go) break;
        hooks.waiting(answer.predecessorId);
        setCurrentDetails(
          answer.blocked
            ? `waiting for an earlier event: delivery ${answer.predecessorId} failed, and this endpoint blocks its line until it is resent or skipped`
            : `waiting for an earlier event: delivery ${answer.predecessorId} has not settled yet`,
        );
        await condition(() => moved, LINE_RECHECK_MS);
        await hooks.betweenChecks();
      }
      hooks.waiting(null);
      place.passed = true;
    },
    /** This delivery settled: the one after it may go. */
    async settled(): Promise<void> {
      await notifySuccessor({ deliveryId });
    },
  };
}
