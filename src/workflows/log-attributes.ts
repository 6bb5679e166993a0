import { type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';
import { deliveryIdOfWorkflow, SEARCH_ATTRIBUTES } from '../contract';

/**
 * Every log line a delivery workflow writes (the SDK's own, such as "Workflow failed")
 * carries the delivery's ids, as the activity's lines do: `deliveryId` from the workflow
 * id, `tenantId`, `endpointId` and `eventId` from the search attributes it started with.
 * Log attributes are not commands: adding them changes no history.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      getLogAttributes(input, next) {
        const info = workflowInfo();
        const deliveryId = deliveryIdOfWorkflow(info.workflowId);
        if (deliveryId === undefined) return next(input);
        const attributes = info.typedSearchAttributes;
        return next({
          ...input,
          deliveryId,
          eventId: attributes.get(SEARCH_ATTRIBUTES.eventId),
          endpointId: attributes.get(SEARCH_ATTRIBUTES.endpointId),
          tenantId: attributes.get(SEARCH_ATTRIBUTES.tenantId),
        });
      },
    },
  ],
});
