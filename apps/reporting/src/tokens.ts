/** Injection tokens for what the app is given rather than builds: its config and its infrastructure clients. */
export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const PG_POOL = Symbol('PG_POOL');
export const KAFKA = Symbol('KAFKA');
export const DEAD_LETTERS = Symbol('DEAD_LETTERS');
export const MONITORING_POLICY = Symbol('MONITORING_POLICY');
