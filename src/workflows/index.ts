export { deliverWebhookWorkflow, resendSignal, deliveryStateQuery } from './deliver-webhook';
export { fanOutEventWorkflow } from './fan-out-event';
export { sweepOrphanedDeliveriesWorkflow } from './sweep-orphaned-deliveries';
export { recoverEndpointWorkflow, recoveryProgressQuery } from './recover-endpoint';
export { purgeEventsWorkflow } from './purge-events';
