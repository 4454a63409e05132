import { AuthEnv, HttpEnv, LogEnv, TemporalEnv } from '@cls/config';
import { z } from 'zod';

export const ApiConfig = z.object({
  ...TemporalEnv.shape,
  ...AuthEnv.shape,
  ...LogEnv.shape,
  ...HttpEnv.shape,
  PORT: HttpEnv.shape.PORT.default(3000),
});
export type ApiConfig = z.infer<typeof ApiConfig>;
