import { HttpEnv, LogEnv } from '@cls/config';
import { z } from 'zod';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A URL people's browsers or the console reach; plain http only on loopback, where development runs. */
const ServiceUrl = z.url().refine((text) => {
  if (!URL.canParse(text)) return true;
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
}, 'must be an https URL (http only on loopback)');

/**
 * The console's settings. It holds no data of its own: it signs people in at the issuer (Authorization Code with
 * PKCE, as a public client) and calls the API and the reporting service with their access tokens.
 */
export const WebConfig = z.object({
  ...LogEnv.shape,
  ...HttpEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3001),
  /** Where browsers reach the console: the redirect URIs the issuer knows are under it. */
  WEB_PUBLIC_URL: ServiceUrl.default('http://127.0.0.1:3001').transform((url) => url.replace(/\/$/, '')),
  WEB_API_URL: ServiceUrl.default('http://127.0.0.1:3000').transform((url) => url.replace(/\/$/, '')),
  WEB_REPORTING_URL: ServiceUrl.default('http://127.0.0.1:3002').transform((url) => url.replace(/\/$/, '')),
  /** The issuer the API and reporting service trust (their AUTH_OIDC_ISSUER). */
  AUTH_OIDC_ISSUER: ServiceUrl,
  WEB_OIDC_CLIENT_ID: z.string().min(1).max(200).default('cls-console'),
  /** Signs the session cookie; sessions themselves stay on the server. */
  WEB_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** How long a signed-in session lasts without a request; the issuer's own session bounds it too. */
  WEB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** How long the console waits for the API, the reporting service or the issuer. */
  WEB_BACKEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
});
export type WebConfig = z.infer<typeof WebConfig>;
