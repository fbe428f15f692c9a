import { Client } from '@tessera/client';
import type { CliIo } from './cli-io';
import { readCredentials } from './stored-credentials';

/**
 * The API client for a verb: the keypair from BACKEND_ACCESS_KEY / BACKEND_SECRET_KEY when set
 * (legacy SORNA_* too), else the one `tessera login` stored, with its endpoint unless
 * BACKEND_ENDPOINT says otherwise.
 */
export async function apiClient(io: CliIo): Promise<Client> {
  const env = io.env;
  if (env.BACKEND_ACCESS_KEY !== undefined || env.SORNA_ACCESS_KEY !== undefined) return Client.fromEnv(env);
  const stored = await readCredentials(env);
  if (!stored) return Client.fromEnv(env);
  return Client.fromEnv({
    ...env,
    BACKEND_ENDPOINT: env.BACKEND_ENDPOINT || env.SORNA_ENDPOINT || stored.endpoint,
    BACKEND_ACCESS_KEY: stored.accessKey,
    BACKEND_SECRET_KEY: stored.secretKey,
  });
}
