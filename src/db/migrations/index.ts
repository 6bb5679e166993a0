import type { Migration } from 'kysely';
import * as initial from './0001-initial';
import * as eventLog from './0002-event-log';
import * as apiKeys from './0003-api-keys';
import * as deferredFanOut from './0004-deferred-fan-out';
import * as sealedHeaders from './0005-sealed-headers';
import * as workerHealth from './0006-worker-health';
import * as eventDataText from './0007-event-data-text';
import * as signatureScheme from './0008-signature-scheme';
import * as flowControl from './0009-flow-control';
import * as operationalWebhooks from './0010-operational-webhooks';
import * as catalogAndPortalSessions from './0012-catalog-and-portal-sessions';
import * as backlogIndex from './0013-backlog-index';
import * as propagateTrace from './0014-propagate-trace';
import * as rateLimitBuckets from './0015-rate-limit-buckets';
import * as orderedDelivery from './0016-ordered-delivery';

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
  '0007-event-data-text': eventDataText,
  '0008-signature-scheme': signatureScheme,
  '0009-flow-control': flowControl,
  '0010-operational-webhooks': operationalWebhooks,
  '0012-catalog-and-portal-sessions': catalogAndPortalSessions,
  '0013-backlog-index': backlogIndex,
  '0014-propagate-trace': propagateTrace,
  '0015-rate-limit-buckets': rateLimitBuckets,
  '0016-ordered-delivery': orderedDelivery,
};
