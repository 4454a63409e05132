import { expect } from '@jest/globals';
import type { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';

/** The message with which `loadConfig` refuses this environment; fails the test if it is accepted, or fails otherwise. */
export const problemsOf = (schema: z.ZodType, env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};
