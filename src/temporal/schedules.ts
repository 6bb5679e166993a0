import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';

/**
 * Creates a Schedule of hookflow's (never two runs at once), or, when it exists, updates
 * its spec and action to this version's. Every worker calls it at start; concurrent calls
 * converge on one Schedule. Returns whether this call created it.
 */
export async function ensureSchedule(
  client: Client,
  options: Pick<ScheduleOptions, 'scheduleId' | 'spec' | 'action'> & { catchupWindow: string },
): Promise<boolean> {
  const { scheduleId, spec, action } = options;
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: options.catchupWindow },
    });
    return true;
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    return false;
  }
}
