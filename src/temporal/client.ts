import { Client, Connection } from '@temporalio/client';
import { temporalClientInterceptors } from './tracing';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function connectTemporalClient(options: { address: string; namespace: string }): Promise<TemporalClientHandle> {
  // Lazy: the API starts (and /readyz reports Temporal down) even while Temporal is unreachable.
  const connection = Connection.lazy({ address: options.address, connectTimeout: 5_000 });
  // With tracing on, a start made inside a traced request joins that request's trace.
  const client = new Client({ connection, namespace: options.namespace, interceptors: temporalClientInterceptors() });
  return { client, connection, close: () => connection.close() };
}
