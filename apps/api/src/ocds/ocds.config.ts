import { PostgresEnv } from '@cls/config';
import { z } from 'zod';

/**
 * The placeholder prefix. An ocid must start with a prefix the Open Contracting Partnership registered to the
 * publisher (https://standard.open-contracting.org/1.1/en/schema/identifiers/#contracting-process-identifier-ocid),
 * so a deployment that publishes sets CLS_OCDS_OCID_PREFIX to its own; with this one the module warns at start.
 */
export const placeholderOcidPrefix = 'ocds-xxxxxx';

/**
 * The OCDS export's settings, parsed once when the module starts (see loadConfig):
 * - CLS_OCDS_PUBLIC: whether anyone may read a process's packages without a token (OCDS is public data in
 *   principle, but the deployment decides). Off by default: only the buying organisation's staff read them.
 * - CLS_OCDS_OCID_PREFIX: the registered prefix of every ocid (`ocds-` and six letters or digits).
 * - CLS_OCDS_PUBLISHER_NAME, CLS_OCDS_PUBLISHER_URI: the publisher named in every package.
 * - CLS_OCDS_BASE_URL: the API's public URL; the packages are identified by the URLs that serve them.
 * - CLS_OCDS_LICENSE: the URL of the licence the data is published under (e.g. the Open Government Licence).
 */
export const OcdsEnv = z.object({
  CLS_OCDS_PUBLIC: z.stringbool().default(false),
  CLS_OCDS_OCID_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$/, 'must be ocds- followed by the six letters or digits registered to the publisher')
    .default(placeholderOcidPrefix),
  CLS_OCDS_PUBLISHER_NAME: z.string().trim().min(1).max(300).default('Contract Lifecycle Service'),
  CLS_OCDS_PUBLISHER_URI: z.url().optional(),
  CLS_OCDS_BASE_URL: z
    .url()
    .default('http://127.0.0.1:3000')
    .transform((url) => url.replace(/\/+$/, '')),
  CLS_OCDS_LICENSE: z.url().optional(),
});

/** The event store's database, which the export reads, and the export's own settings. */
export const OcdsConfig = PostgresEnv.and(OcdsEnv);
export type OcdsConfig = z.infer<typeof OcdsConfig>;

export const OCDS_CONFIG = Symbol('OcdsConfig');
export const OCDS_POOL = Symbol('OcdsPool');
