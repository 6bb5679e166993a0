import { heartbeat } from '@temporalio/activity';
import type { FanOutInput, FanOutResult } from '../contract';
import { runFanOut } from '../services/fan-out';
import type { StartDeps } from './deps';

/**
 * The `fanOutEvent` activity: writes the deliveries of an event published to many
 * subscribers (when the publish left them to it), then starts the workflow of every
 * delivery still `new`, heartbeating as it goes.
 */
export async function fanOutEvent(deps: StartDeps, input: FanOutInput): Promise<FanOutResult> {
  const { deliveries, started } = await runFanOut(deps, input, (done) => heartbeat(done));
  deps.logger.info({ eventId: input.eventId, deliveries, started }, 'fan-out started deliveries');
  return { started };
}
