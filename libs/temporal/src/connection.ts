import { Client, Connection } from '@temporalio/client';

export interface TemporalClientSettings {
  address: string;
  namespace: string;
}

/** One connection per process; the caller closes it on shutdown. */
export const connectTemporalClient = async (settings: TemporalClientSettings): Promise<Client> => {
  const connection = await Connection.connect({ address: settings.address });
  return new Client({ connection, namespace: settings.namespace });
};
