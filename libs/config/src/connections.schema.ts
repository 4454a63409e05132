import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

/**
 * How each process reaches PostgreSQL, Temporal and Kafka: a single server on loopback in development, a TLS- and
 * credential-protected cluster in production. Each engine's schema checks its variables together (a client
 * certificate needs its key, a CA needs TLS), so apps intersect these schemas with `.and(…)` rather than spreading
 * their shapes, which would drop those rules.
 */

const csv = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1)).min(1));

/** An empty variable is an unset one: deployment templates often write `NAME=` for a setting they leave out. */
export const unsetIfEmpty = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const readable = (path: string): boolean => {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** A certificate or key file: checked at start, so a wrong path fails the deployment rather than the first connection. */
const filePath = unsetIfEmpty(z.string().refine(readable, 'must name a readable file'));
const flag = unsetIfEmpty(z.stringbool());
const secret = unsetIfEmpty(z.string().min(1));

type Issues = z.core.$RefinementCtx<unknown>;
const refuse = (context: Issues, variable: string, message: string): void =>
  context.addIssue({ code: 'custom', path: [variable], message });

/** A certificate without its key (or the reverse) cannot authenticate: both are named, or neither. */
const pairRule = (context: Issues, given: Record<string, string | undefined>): void => {
  const [[certName, cert], [keyName, key]] = Object.entries(given) as [[string, string | undefined], [string, string | undefined]];
  if (cert !== undefined && key === undefined) refuse(context, keyName, `is required when ${certName} is set`);
  if (key !== undefined && cert === undefined) refuse(context, certName, `is required when ${keyName} is set`);
};

/** Settings that only mean something over TLS, refused when TLS is turned off explicitly rather than ignored. */
const tlsOnlyRule = (context: Issues, tlsVariable: string, tls: boolean | undefined, given: Record<string, unknown>): void => {
  if (tls !== false) return;
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) refuse(context, name, `needs TLS, but ${tlsVariable} is false`);
  }
};

const read = (path: string | undefined): Buffer | undefined => (path === undefined ? undefined : readFileSync(path));

// --- PostgreSQL -------------------------------------------------------------------------------------------------

/** URL parameters that `pg` would let override DATABASE_SSL_MODE; one place decides how the database is reached. */
const urlTlsParameters = ['sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey'];

/**
 * `require` encrypts without checking who answers (libpq's meaning); `verify-full` also checks the server's
 * certificate and host name, against DATABASE_SSL_CA or the system's CAs.
 *
 * The mode is written into DATABASE_URL as `pg` reads it (`sslmode=no-verify`, or `sslmode=verify-full` and
 * `sslrootcert`), so every session a process opens (its pool, the migration runner, the relay's lock and listener)
 * is protected alike, without each passing TLS options of its own.
 */
export const PostgresEnv = z
  .object({
    DATABASE_URL: z.url().default('postgres://cls@127.0.0.1:55432/cls'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_SSL_MODE: z.enum(['disable', 'require', 'verify-full']).default('disable'),
    DATABASE_SSL_CA: filePath,
  })
  .superRefine((env, context) => {
    const parameters = [...new URL(env.DATABASE_URL).searchParams.keys()].filter((name) => urlTlsParameters.includes(name));
    if (parameters.length > 0) refuse(context, 'DATABASE_URL', `must not carry ${parameters.join(', ')}: set DATABASE_SSL_MODE instead`);
    if (env.DATABASE_SSL_CA !== undefined && env.DATABASE_SSL_MODE !== 'verify-full') {
      refuse(context, 'DATABASE_SSL_CA', 'is used only when DATABASE_SSL_MODE is verify-full');
    }
  })
  .transform((env) => {
    if (env.DATABASE_SSL_MODE === 'disable') return env;
    const url = new URL(env.DATABASE_URL);
    url.searchParams.set('sslmode', env.DATABASE_SSL_MODE === 'require' ? 'no-verify' : 'verify-full');
    if (env.DATABASE_SSL_CA !== undefined) url.searchParams.set('sslrootcert', env.DATABASE_SSL_CA);
    return { ...env, DATABASE_URL: url.toString() };
  });
export type PostgresEnv = z.infer<typeof PostgresEnv>;

// --- Temporal ---------------------------------------------------------------------------------------------------

/**
 * A local server, a self-hosted cluster behind TLS or mTLS, or Temporal Cloud (mTLS or an API key). TLS is on when
 * TEMPORAL_TLS says so, or when any TLS setting or an API key is given; an API key is a bearer secret and is never
 * sent in clear.
 */
export const TemporalEnv = z
  .object({
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('contracts'),
    TEMPORAL_TLS: flag,
    TEMPORAL_TLS_CA: filePath,
    TEMPORAL_TLS_CERT: filePath,
    TEMPORAL_TLS_KEY: filePath,
    TEMPORAL_TLS_SERVER_NAME: unsetIfEmpty(z.string().min(1)),
    TEMPORAL_API_KEY: secret,
  })
  .superRefine((env, context) => {
    pairRule(context, { TEMPORAL_TLS_CERT: env.TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY: env.TEMPORAL_TLS_KEY });
    tlsOnlyRule(context, 'TEMPORAL_TLS', env.TEMPORAL_TLS, {
      TEMPORAL_TLS_CA: env.TEMPORAL_TLS_CA,
      TEMPORAL_TLS_CERT: env.TEMPORAL_TLS_CERT,
      TEMPORAL_TLS_KEY: env.TEMPORAL_TLS_KEY,
      TEMPORAL_TLS_SERVER_NAME: env.TEMPORAL_TLS_SERVER_NAME,
      TEMPORAL_API_KEY: env.TEMPORAL_API_KEY,
    });
  });
export type TemporalEnv = z.infer<typeof TemporalEnv>;

/** What both `Connection.connect` (clients) and `NativeConnection.connect` (workers) take. */
export interface TemporalConnectionSettings {
  address: string;
  tls?: boolean | { serverRootCACertificate?: Buffer; clientCertPair?: { crt: Buffer; key: Buffer }; serverNameOverride?: string };
  apiKey?: string;
}

/** The connection's settings, certificates read from their files. */
export const temporalConnectionOf = (env: TemporalEnv): TemporalConnectionSettings => {
  const customised = [env.TEMPORAL_TLS_CA, env.TEMPORAL_TLS_CERT, env.TEMPORAL_TLS_SERVER_NAME].some((value) => value !== undefined);
  const tlsOn = env.TEMPORAL_TLS ?? (customised || env.TEMPORAL_API_KEY !== undefined);
  const apiKey = env.TEMPORAL_API_KEY === undefined ? {} : { apiKey: env.TEMPORAL_API_KEY };
  if (!tlsOn) return { address: env.TEMPORAL_ADDRESS };
  if (!customised) return { address: env.TEMPORAL_ADDRESS, tls: true, ...apiKey };
  const ca = read(env.TEMPORAL_TLS_CA);
  const crt = read(env.TEMPORAL_TLS_CERT);
  const key = read(env.TEMPORAL_TLS_KEY);
  return {
    address: env.TEMPORAL_ADDRESS,
    tls: {
      ...(ca === undefined ? {} : { serverRootCACertificate: ca }),
      ...(crt === undefined || key === undefined ? {} : { clientCertPair: { crt, key } }),
      ...(env.TEMPORAL_TLS_SERVER_NAME === undefined ? {} : { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME }),
    },
    ...apiKey,
  };
};

// --- Kafka ------------------------------------------------------------------------------------------------------

/**
 * Several brokers in KAFKA_BROKERS (any one answers the client's first metadata request); SASL and TLS as the
 * cluster asks. The topic the relay creates takes KAFKA_TOPIC_REPLICATION_FACTOR copies and refuses a write that
 * fewer than KAFKA_TOPIC_MIN_INSYNC_REPLICAS hold (the producer asks for all in-sync replicas): 1 and 1 on the
 * single development broker, 3 and 2 on a cluster that should survive losing a broker.
 */
export const KafkaEnv = z
  .object({
    KAFKA_BROKERS: csv.default(['127.0.0.1:19092']),
    KAFKA_CLIENT_ID: z.string().min(1).default('contract-lifecycle'),
    KAFKA_TOPIC_CONTRACT_EVENTS: z.string().min(1).default('contracts.events.v1'),
    /** Used only when a process creates the topic; an existing topic keeps its replicas. */
    KAFKA_TOPIC_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(10).default(1),
    KAFKA_SSL: flag,
    KAFKA_SSL_CA: filePath,
    KAFKA_SSL_CERT: filePath,
    KAFKA_SSL_KEY: filePath,
    KAFKA_SASL_MECHANISM: unsetIfEmpty(z.enum(['plain', 'scram-sha-256', 'scram-sha-512'])),
    KAFKA_SASL_USERNAME: secret,
    KAFKA_SASL_PASSWORD: secret,
  })
  .superRefine((env, context) => {
    if (env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS > env.KAFKA_TOPIC_REPLICATION_FACTOR) {
      refuse(context, 'KAFKA_TOPIC_MIN_INSYNC_REPLICAS', 'must not exceed KAFKA_TOPIC_REPLICATION_FACTOR, or no write would ever succeed');
    }
    pairRule(context, { KAFKA_SSL_CERT: env.KAFKA_SSL_CERT, KAFKA_SSL_KEY: env.KAFKA_SSL_KEY });
    tlsOnlyRule(context, 'KAFKA_SSL', env.KAFKA_SSL, { KAFKA_SSL_CA: env.KAFKA_SSL_CA, KAFKA_SSL_CERT: env.KAFKA_SSL_CERT, KAFKA_SSL_KEY: env.KAFKA_SSL_KEY });
    if (env.KAFKA_SASL_MECHANISM === undefined) {
      for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
        if (env[name] !== undefined) refuse(context, name, 'is used only when KAFKA_SASL_MECHANISM is set');
      }
      return;
    }
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (env[name] === undefined) refuse(context, name, 'is required when KAFKA_SASL_MECHANISM is set');
    }
    // PLAIN sends the password itself; SCRAM proves knowledge of it without sending it.
    if (env.KAFKA_SASL_MECHANISM === 'plain' && !kafkaSslOn(env)) {
      refuse(context, 'KAFKA_SASL_MECHANISM', 'plain sends the password in clear: it needs KAFKA_SSL');
    }
  });
export type KafkaEnv = z.infer<typeof KafkaEnv>;

const kafkaSslOn = (env: Pick<KafkaEnv, 'KAFKA_SSL' | 'KAFKA_SSL_CA' | 'KAFKA_SSL_CERT' | 'KAFKA_SSL_KEY'>): boolean =>
  env.KAFKA_SSL ?? [env.KAFKA_SSL_CA, env.KAFKA_SSL_CERT, env.KAFKA_SSL_KEY].some((value) => value !== undefined);

/** What kafkajs takes as `ssl` and `sasl`. */
export interface KafkaSecurity {
  /** true: TLS against the system's CAs. */
  ssl?: true | { ca?: string[]; cert?: string; key?: string };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** The client's TLS and SASL settings, certificates read from their files. */
export const kafkaSecurityOf = (env: KafkaEnv): KafkaSecurity => {
  const security: KafkaSecurity = {};
  if (kafkaSslOn(env)) {
    const ca = read(env.KAFKA_SSL_CA)?.toString('utf8');
    const cert = read(env.KAFKA_SSL_CERT)?.toString('utf8');
    const key = read(env.KAFKA_SSL_KEY)?.toString('utf8');
    security.ssl =
      ca === undefined && cert === undefined
        ? true
        : { ...(ca === undefined ? {} : { ca: [ca] }), ...(cert === undefined || key === undefined ? {} : { cert, key }) };
  }
  if (env.KAFKA_SASL_MECHANISM !== undefined && env.KAFKA_SASL_USERNAME !== undefined && env.KAFKA_SASL_PASSWORD !== undefined) {
    security.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD };
  }
  return security;
};
