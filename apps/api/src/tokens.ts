export const API_CONFIG = Symbol('ApiConfig');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
