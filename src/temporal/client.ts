import { Client, type ClientOptions, Connection } from '@temporalio/client';
import type { TemporalConnectionConfig } from '../config/temporal-env';
import { temporalConnectionOptions } from './connection';
import { temporalClientInterceptors } from './tracing';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function connectTemporalClient(options: TemporalConnectionConfig & { namespace: string }): Promise<TemporalClientHandle> {
  // Lazy: the API starts (and /readyz reports Temporal down) even while Temporal is unreachable.
  const connection = Connection.lazy({ ...temporalConnectionOptions(options), connectTimeout: 5_000 });
  return { client: hookflowClient(connection, options.namespace), connection, close: () => connection.close() };
}

/**
 * A client of hookflow's on `connection`: the API's own, or a worker's NativeConnection
 * (eager starts). With tracing on, a start made inside a traced request joins its trace.
 */
export function hookflowClient(connection: NonNullable<ClientOptions['connection']>, namespace: string): Client {
  return new Client({ connection, namespace, interceptors: temporalClientInterceptors() });
}
