import { Client, Connection, type ClientInterceptors, type ConnectionOptions } from '@temporalio/client';

/**
 * How to reach the cluster: an address, and TLS (a CA, a client certificate pair, a server name) or an API key for
 * a protected cluster or Temporal Cloud. A worker's `NativeConnection.connect` takes the same settings.
 */
export type TemporalConnectionSettings = Pick<ConnectionOptions, 'address' | 'tls' | 'apiKey'>;

export interface TemporalClientSettings extends TemporalConnectionSettings {
  namespace: string;
  interceptors?: ClientInterceptors;
}

/** One connection per process; the caller closes it on shutdown. */
export const connectTemporalClient = async ({ namespace, interceptors, ...connection }: TemporalClientSettings): Promise<Client> =>
  new Client({ connection: await Connection.connect(connection), namespace, ...(interceptors ? { interceptors } : {}) });
