import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'pg-connection-string';
import { KafkaEnv, kafkaSecurityOf, PostgresEnv, TemporalEnv, temporalConnectionOf } from './connections.schema';
import { loadConfig } from './load-config';
import { problemsOf } from './testing';

describe('connection settings', () => {
  // Paths are made while the cases are declared, since the case tables name them.
  const dir = mkdtempSync(join(tmpdir(), 'cls-config-'));
  const [ca, cert, key, unreadable] = ['ca.pem', 'cert.pem', 'key.pem', 'secret.pem'].map((name) => {
    const path = join(dir, name);
    writeFileSync(path, `-----BEGIN ${name}-----\n`);
    return path;
  }) as [string, string, string, string];
  chmodSync(unreadable, 0o000);
  const missing = '/nonexistent/cls/ca.pem';

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('PostgresEnv', () => {
    it('connects without TLS by default, leaving the URL as given', () => {
      const env = loadConfig(PostgresEnv, { DATABASE_URL: 'postgres://cls@db.example.org:5432/cls' });
      expect(env.DATABASE_SSL_MODE).toBe('disable');
      expect(env.DATABASE_URL).toBe('postgres://cls@db.example.org:5432/cls');
    });

    it('writes the mode into the URL as pg reads it: require encrypts, verify-full also checks against the CA', () => {
      const url = 'postgres://cls@db.example.org:5432/cls?application_name=x';
      const tlsOf = (env: NodeJS.ProcessEnv) => parse(loadConfig(PostgresEnv, { DATABASE_URL: url, ...env }).DATABASE_URL).ssl;
      expect(tlsOf({ DATABASE_SSL_MODE: 'require' })).toEqual({ rejectUnauthorized: false });
      expect(tlsOf({ DATABASE_SSL_MODE: 'verify-full' })).toEqual({});
      expect(tlsOf({ DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA: ca })).toEqual({ ca: '-----BEGIN ca.pem-----\n' });
      expect(parse(loadConfig(PostgresEnv, { DATABASE_URL: url, DATABASE_SSL_MODE: 'require' }).DATABASE_URL)).toMatchObject({
        host: 'db.example.org',
        database: 'cls',
        application_name: 'x',
      });
    });

    it.each([
      [{ DATABASE_SSL_MODE: 'prefer' }, 'DATABASE_SSL_MODE: Invalid option'],
      [{ DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA: missing }, 'DATABASE_SSL_CA: must name a readable file'],
      [{ DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA: dir }, 'DATABASE_SSL_CA: must name a readable file'],
      [{ DATABASE_SSL_MODE: 'require', DATABASE_SSL_CA: ca }, 'DATABASE_SSL_CA: is used only when DATABASE_SSL_MODE is verify-full'],
      [{ DATABASE_URL: 'postgres://db.example.org/cls?sslmode=require' }, 'DATABASE_URL: must not carry sslmode: set DATABASE_SSL_MODE instead'],
    ])('refuses %j, naming the variable', (env, problem) => {
      expect(problemsOf(PostgresEnv, env)).toContain(problem);
    });

    if (process.getuid?.() !== 0) {
      it('refuses a CA file it may not read', () => {
        expect(problemsOf(PostgresEnv, { DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA: unreadable })).toContain(
          'DATABASE_SSL_CA: must name a readable file',
        );
      });
    }
  });

  describe('TemporalEnv', () => {
    it('connects in clear to the local server by default', () => {
      expect(temporalConnectionOf(loadConfig(TemporalEnv, {}))).toEqual({ address: '127.0.0.1:7233' });
      expect(temporalConnectionOf(loadConfig(TemporalEnv, { TEMPORAL_TLS: '' }))).toEqual({ address: '127.0.0.1:7233' });
    });

    it('turns TLS on with the system CAs, or with a CA, a client certificate and a server name', () => {
      expect(temporalConnectionOf(loadConfig(TemporalEnv, { TEMPORAL_TLS: 'true' }))).toEqual({ address: '127.0.0.1:7233', tls: true });
      const settings = temporalConnectionOf(
        loadConfig(TemporalEnv, {
          TEMPORAL_ADDRESS: 'cls.a1b2c.tmprl.cloud:7233',
          TEMPORAL_TLS_CA: ca,
          TEMPORAL_TLS_CERT: cert,
          TEMPORAL_TLS_KEY: key,
          TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
        }),
      );
      expect(settings).toEqual({
        address: 'cls.a1b2c.tmprl.cloud:7233',
        tls: {
          serverRootCACertificate: Buffer.from('-----BEGIN ca.pem-----\n'),
          clientCertPair: { crt: Buffer.from('-----BEGIN cert.pem-----\n'), key: Buffer.from('-----BEGIN key.pem-----\n') },
          serverNameOverride: 'temporal.internal',
        },
      });
    });

    it('sends an API key only over TLS, which the key turns on', () => {
      const env = loadConfig(TemporalEnv, { TEMPORAL_API_KEY: 'key-1', TEMPORAL_NAMESPACE: 'cls.a1b2c' });
      expect(env.TEMPORAL_NAMESPACE).toBe('cls.a1b2c');
      expect(temporalConnectionOf(env)).toEqual({ address: '127.0.0.1:7233', tls: true, apiKey: 'key-1' });
    });

    it.each([
      [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS: Invalid option'],
      [{ TEMPORAL_TLS_CA: missing }, 'TEMPORAL_TLS_CA: must name a readable file'],
      [{ TEMPORAL_TLS_CERT: cert }, 'TEMPORAL_TLS_KEY: is required when TEMPORAL_TLS_CERT is set'],
      [{ TEMPORAL_TLS_KEY: key }, 'TEMPORAL_TLS_CERT: is required when TEMPORAL_TLS_KEY is set'],
      [{ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: missing }, 'TEMPORAL_TLS_KEY: must name a readable file'],
      [{ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'key-1' }, 'TEMPORAL_API_KEY: needs TLS, but TEMPORAL_TLS is false'],
      [{ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: ca }, 'TEMPORAL_TLS_CA: needs TLS, but TEMPORAL_TLS is false'],
      [{ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }, 'TEMPORAL_TLS_SERVER_NAME: needs TLS, but TEMPORAL_TLS is false'],
    ])('refuses %j, naming the variable', (env, problem) => {
      expect(problemsOf(TemporalEnv, env)).toContain(problem);
    });
  });

  describe('KafkaEnv', () => {
    it('reaches the single development broker in clear, creating the topic with one replica', () => {
      const env = loadConfig(KafkaEnv, {});
      expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:19092']);
      expect([env.KAFKA_TOPIC_REPLICATION_FACTOR, env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS]).toEqual([1, 1]);
      expect(kafkaSecurityOf(env)).toEqual({});
    });

    it('takes several brokers, replication and min ISR for a cluster', () => {
      const env = loadConfig(KafkaEnv, {
        KAFKA_BROKERS: 'k1:9092, k2:9092,k3:9092',
        KAFKA_TOPIC_REPLICATION_FACTOR: '3',
        KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2',
      });
      expect(env.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092', 'k3:9092']);
      expect([env.KAFKA_TOPIC_REPLICATION_FACTOR, env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS]).toEqual([3, 2]);
    });

    it('uses TLS with the system CAs or given files, and SASL with each mechanism', () => {
      expect(kafkaSecurityOf(loadConfig(KafkaEnv, { KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
      expect(kafkaSecurityOf(loadConfig(KafkaEnv, { KAFKA_SSL_CA: ca, KAFKA_SSL_CERT: cert, KAFKA_SSL_KEY: key }))).toEqual({
        ssl: { ca: ['-----BEGIN ca.pem-----\n'], cert: '-----BEGIN cert.pem-----\n', key: '-----BEGIN key.pem-----\n' },
      });
      for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
        const env = loadConfig(KafkaEnv, { KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'cls', KAFKA_SASL_PASSWORD: 'pw' });
        expect(kafkaSecurityOf(env)).toEqual({ ssl: true, sasl: { mechanism, username: 'cls', password: 'pw' } });
      }
      const scramInClear = loadConfig(KafkaEnv, { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'cls', KAFKA_SASL_PASSWORD: 'pw' });
      expect(kafkaSecurityOf(scramInClear)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'cls', password: 'pw' } });
    });

    it.each([
      [{ KAFKA_BROKERS: ' , ' }, 'KAFKA_BROKERS'],
      [{ KAFKA_TOPIC_REPLICATION_FACTOR: '0' }, 'KAFKA_TOPIC_REPLICATION_FACTOR'],
      [{ KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2' }, 'KAFKA_TOPIC_MIN_INSYNC_REPLICAS: must not exceed KAFKA_TOPIC_REPLICATION_FACTOR'],
      [{ KAFKA_SSL_CA: missing }, 'KAFKA_SSL_CA: must name a readable file'],
      [{ KAFKA_SSL_CERT: cert }, 'KAFKA_SSL_KEY: is required when KAFKA_SSL_CERT is set'],
      [{ KAFKA_SSL_KEY: key }, 'KAFKA_SSL_CERT: is required when KAFKA_SSL_KEY is set'],
      [{ KAFKA_SSL: 'false', KAFKA_SSL_CA: ca }, 'KAFKA_SSL_CA: needs TLS, but KAFKA_SSL is false'],
      [{ KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM: Invalid option'],
      [{ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'cls' }, 'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set'],
      [{ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'pw' }, 'KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set'],
      [{ KAFKA_SASL_USERNAME: 'cls' }, 'KAFKA_SASL_USERNAME: is used only when KAFKA_SASL_MECHANISM is set'],
      [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'cls', KAFKA_SASL_PASSWORD: 'pw' }, 'KAFKA_SASL_MECHANISM: plain sends the password in clear'],
    ])('refuses %j, naming the variable', (env, problem) => {
      expect(problemsOf(KafkaEnv, env)).toContain(problem);
    });

    it('never echoes a password it refuses', () => {
      expect(problemsOf(KafkaEnv, { KAFKA_SASL_PASSWORD: 'hunter2-secret' })).not.toContain('hunter2-secret');
    });
  });
});
