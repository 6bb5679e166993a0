import type { Migration } from 'kysely';
import * as initial from './0001-initial';
import * as eventLog from './0002-event-log';
import * as apiKeys from './0003-api-keys';
import * as deferredFanOut from './0004-deferred-fan-out';
import * as sealedHeaders from './0005-sealed-headers';
import * as workerHealth from './0006-worker-health';
import * as flowControl from './0009-flow-control';

/**
 * Every migration, in order. Listed here rather than read from disk so the same code
 * works under tsx, jest and the compiled `dist/` without a file-system scan.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-event-log': eventLog,
  '0003-api-keys': apiKeys,
  '0004-deferred-fan-out': deferredFanOut,
  '0005-sealed-headers': sealedHeaders,
  '0006-worker-health': workerHealth,
  '0009-flow-control': flowControl,
};
