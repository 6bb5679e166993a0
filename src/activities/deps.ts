import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { OriginPools } from '../delivery/send';
import type { Logger } from '../lib/logger';
import type { SecretBox } from '../lib/secret-box';
import type { AutoDisableSettings } from '../services/auto-disable';
import type { Notifier } from '../services/operational-notices';
import type { DeliveryDefaults } from '../temporal/deliver';
import type { AttemptTracker } from './deliver-tracker';

/** What the worker's activities close over; each activity takes the part it needs. */
export interface ActivityDeps {
  db: Kysely<Database>;
  client: Client;
  pools: OriginPools;
  /** Counts attempts in flight and finished, so a stalled worker is noticed (temporal/worker-health.ts). */
  tracker: AttemptTracker;
  logger: Logger;
  defaults: DeliveryDefaults;
  secretBox: SecretBox;
  /** Publishes operational notices (services/operational-notices.ts). */
  notices: Notifier;
  autoDisable: AutoDisableSettings;
}

/** What the flows that start delivery workflows need (fan-out, reconcile, recover, purge). */
export type StartDeps = Pick<ActivityDeps, 'db' | 'client' | 'logger' | 'defaults'>;
