// Validators of the vendored OCDS 1.1.5 package schemas (JSON Schema draft 4), for the specs (excluded from the build).
import Ajv, { type ErrorObject } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import recordPackageSchema from '../schema/record-package-schema.json';
import releasePackageSchema from '../schema/release-package-schema.json';
import releaseSchema from '../schema/release-schema.json';

const ajv = new Ajv({ allErrors: true, strictTypes: false });
addFormats(ajv);
// OCDS's own annotations: codelists and merge rules, which say nothing to a validator.
ajv.addVocabulary(['codelist', 'openCodelist', 'omitWhenMerged', 'wholeListMerge', 'versionId', 'deprecated']);
// The package schemas name the release schema by its URL id; registering the local copy under that id maps it.
ajv.addSchema(releaseSchema);
// Not vendored: the export never publishes a versioned release (a spec asserts that), so nothing is validated
// against it. Registered empty so the record package schema compiles offline.
ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json' });

const releasePackage = ajv.compile(releasePackageSchema);
const recordPackage = ajv.compile(recordPackageSchema);

const describe = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);

/** The schema's complaints about a release package: empty when it is valid. */
export const releasePackageErrors = (data: unknown): string[] => (releasePackage(data) ? [] : describe(releasePackage.errors));

/** The schema's complaints about a record package: empty when it is valid. */
export const recordPackageErrors = (data: unknown): string[] => (recordPackage(data) ? [] : describe(recordPackage.errors));

/** The fields of a CSV record (RFC 4180: a quoted field may hold commas and doubled quotes). */
const fieldsOf = (line: string): string[] => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((match) => match[1]?.replaceAll('""', '"') ?? match[2] ?? '');

/** The codes of one of the vendored open codelists (the schema does not enumerate open codelists). */
export const codelist = (name: 'partyRole' | 'awardCriteria' | 'documentType' | 'milestoneType'): Set<string> => {
  const [header = '', ...rows] = readFileSync(join(__dirname, '..', 'schema', 'codelists', `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const column = fieldsOf(header).indexOf('Code');
  if (column < 0) throw new Error(`${name}.csv has no Code column`);
  return new Set(rows.map((row) => fieldsOf(row)[column] ?? ''));
};
