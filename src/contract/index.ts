/**
 * The Temporal contract: everything the API, the worker's activities and the workflows
 * agree on — workflow types and their inputs and outputs, signals and queries, the
 * activity interface, search attributes, ids. It imports nothing of ours (a lint rule
 * keeps it so) and no Node module: the workflow bundle includes it.
 */
export * from './hookflow-activities';
export * from './deliver';
export * from './fan-out';
export * from './ids';
export * from './ordering';
export * from './purge';
export * from './reconcile';
export * from './recover';
export * from './search-attributes';
export * from './statuses';
