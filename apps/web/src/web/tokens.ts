/** Nest injection tokens of the console. */
export const WEB_CONFIG = Symbol('WEB_CONFIG');
export const OIDC_CLIENT = Symbol('OIDC_CLIENT');
export const CSRF = Symbol('CSRF');
