export { deliverWebhookWorkflow, resendSignal, deliveryStateQuery } from './deliver-webhook';
export { fanOutEventWorkflow } from './fan-out-event';
export { sweepOrphanedDeliveriesWorkflow } from './sweep-orphaned-deliveries';
