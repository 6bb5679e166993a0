import { heartbeat } from '@temporalio/activity';

/**
 * Runs `work` inside an activity, heartbeating every `everyMs` until it settles. Work
 * that ends sooner sends no heartbeat at all, so a receiver that answers fast costs no
 * extra call to Temporal.
 */
export async function withHeartbeats<T>(everyMs: number, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
