import { AuditEnv, PostgresEnv } from '@cls/config';
import type { z } from 'zod';

/**
 * What the audit trail needs beyond the API's own configuration: the event store's database and the cursor key.
 * Parsed once, when the module starts, with every problem named (see loadConfig).
 */
export const AuditConfig = PostgresEnv.and(AuditEnv);
export type AuditConfig = z.infer<typeof AuditConfig>;

export const AUDIT_CONFIG = Symbol('AuditConfig');
export const AUDIT_POOL = Symbol('AuditPool');
