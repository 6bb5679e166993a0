/** The workflows the worker registers, one file per flow; their contract is in src/contract. */
export { deliverWebhookWorkflow } from './deliver';
export { fanOutEventWorkflow } from './fan-out';
export { purgeEventsWorkflow } from './purge';
export { reconcileDeliveriesWorkflow } from './reconcile';
export { recoverEndpointWorkflow } from './recover';
