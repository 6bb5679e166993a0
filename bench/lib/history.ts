import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

export interface HistoryCost {
  workflowId: string;
  events: number;
  actions: number;
  /** Event type (short name) → count. */
  types: Record<string, number>;
  /** What the actions are, by kind. */
  actionKinds: Record<string, number>;
}

const shortName = (type: number | null | undefined) =>
  (EventType[type ?? 0] ?? `EVENT_TYPE_${type}`).replace(/^EVENT_TYPE_/, '').toLowerCase();

/**
 * Temporal history events and billable actions of one workflow run, read from its real
 * history. Actions follow Temporal Cloud's list: a workflow start, each activity
 * scheduled (and each server-side retry of it), each timer, each search-attribute or
 * memo upsert, each signal, each child start or external signal, and local activities
 * as one action per workflow task that recorded their markers.
 */
export async function historyCost(client: Client, workflowId: string): Promise<HistoryCost> {
  const handle = client.workflow.getHandle(workflowId);
  // Read once it has closed (or after 30 s): a delivery's receipt comes before its workflow
  // task completes, and a history read in between would miss the attempt's marker.
  await Promise.race([handle.result().catch(() => undefined), sleep(30_000, undefined, { ref: false })]);
  const history = await handle.fetchHistory();
  const types: Record<string, number> = {};
  const actionKinds: Record<string, number> = {};
  const add = (kind: string, n = 1) => {
    actionKinds[kind] = (actionKinds[kind] ?? 0) + n;
  };
  let markerTaskGroup: number | undefined;
  let lastTaskCompleted = 0;
  for (const event of history.events ?? []) {
    const name = shortName(event.eventType);
    types[name] = (types[name] ?? 0) + 1;
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        add('workflow started');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        add('activity');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const attempt = event.activityTaskStartedEventAttributes?.attempt ?? 1;
        if (attempt > 1) add('activity retry', attempt - 1);
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        add('timer');
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        add('search attribute upsert');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
        add('memo upsert');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        add('signal');
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        add('child workflow');
        break;
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
        add('external signal');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        lastTaskCompleted = Number(event.eventId ?? 0);
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        if (markerTaskGroup !== lastTaskCompleted) {
          markerTaskGroup = lastTaskCompleted;
          add('local activities (per workflow task)');
        }
        break;
      default:
        break;
    }
  }
  const actions = Object.values(actionKinds).reduce((a, b) => a + b, 0);
  return { workflowId, events: history.events?.length ?? 0, actions, types, actionKinds };
}
