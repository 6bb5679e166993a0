import type { LineAnswer } from '../contract';
import { clearPredecessorWait, findLineState, markWaitingForPredecessor } from '../db/queries/ordering';
import { signalSuccessor } from '../temporal/line';
import type { ActivityDeps } from './deps';

/**
 * Whether a delivery of a `fifo` line may go: when the delivery before it has settled
 * (finished; failed, unless its endpoint's `fifoOnFailure` is `block` and it was not
 * skipped), when there is none (or it was purged), or when this one was failed meanwhile
 * (its endpoint disabled or deleted: it settles without an attempt, and its line moves on).
 * Otherwise it is marked waiting for its predecessor. The delivery row names its predecessor.
 */
export async function askLine(deps: Pick<ActivityDeps, 'db'>, input: { deliveryId: string }): Promise<LineAnswer> {
  const state = await findLineState(deps.db, input.deliveryId);
  const predecessor = state?.predecessor;
  const settled =
    !state ||
    !predecessor ||
    state.ownStatus === 'failed' ||
    state.ownStatus === 'finished' ||
    predecessor.status === 'finished' ||
    (predecessor.status === 'failed' && (state.fifoOnFailure === 'continue' || predecessor.released));
  if (settled) {
    await clearPredecessorWait(deps.db, input.deliveryId);
    return { go: true };
  }
  await markWaitingForPredecessor(deps.db, input.deliveryId);
  return { go: false, predecessorId: predecessor.id, blocked: predecessor.status === 'failed' };
}

/** A delivery of a line settled: the one after it, if its workflow runs, asks the line again. */
export async function notifySuccessor(
  deps: Pick<ActivityDeps, 'db' | 'client' | 'defaults'>,
  input: { deliveryId: string },
): Promise<void> {
  await signalSuccessor(deps, input.deliveryId);
}
