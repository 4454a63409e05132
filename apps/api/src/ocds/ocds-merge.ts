import releaseSchema from './schema/release-schema.json';
import type { CompiledRelease, Release } from './ocds.types';

/**
 * The OCDS 1.1 merge that compiles a contracting process's releases into its current state, as the standard's
 * merging rules and their reference implementation (ocdsmerge) define it:
 * - releases are merged oldest first, by `date` (ties keep their order);
 * - fields the schema marks `omitWhenMerged` (a release's `id`, `date` and `tag`) are left out;
 * - an object is merged field by field; a field set to null is removed;
 * - an array of objects whose items have an `id` is merged by id: an item with a known id is merged into that
 *   item, an item with a new id (or none) is appended;
 * - any other array (of strings, of objects without `id` in the schema, or marked `wholeListMerge`) is replaced
 *   whole;
 * - an empty object, or an empty array that is merged by id, changes nothing.
 * The compiled release is tagged `compiled`, dated by the newest release, and identified `<ocid>-<date>`.
 */

interface SchemaNode {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  omitWhenMerged?: boolean;
  wholeListMerge?: boolean;
}

interface ReleaseSchema extends SchemaNode {
  definitions: Record<string, SchemaNode>;
}

export interface MergeRules {
  /** Paths of the fields left out of a compiled release; a path is the field names from the root, joined by dots. */
  omitted: ReadonlySet<string>;
  /** Paths of the arrays replaced whole rather than merged by id. */
  wholeList: ReadonlySet<string>;
}

const typesOf = (node: SchemaNode): string[] => (node.type === undefined ? [] : [node.type].flat());

/** Rules derived from the release schema, as ocdsmerge derives them: a `$ref` stands for the definition it names. */
export const mergeRulesOf = (schema: ReleaseSchema): MergeRules => {
  const resolve = (node: SchemaNode): SchemaNode => {
    if (node.$ref === undefined) return node;
    const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
    const definition = name === undefined ? undefined : schema.definitions[name];
    if (!definition) throw new Error(`The release schema refers to ${node.$ref}, which it does not define`);
    return resolve(definition);
  };
  const omitted = new Set<string>();
  const wholeList = new Set<string>();
  const walk = (properties: Record<string, SchemaNode>, path: string[]): void => {
    for (const [name, declared] of Object.entries(properties)) {
      const node = resolve(declared);
      const at = [...path, name];
      const types = typesOf(node);
      if (node.omitWhenMerged) {
        omitted.add(at.join('.'));
      } else if (types.includes('array') && node.wholeListMerge) {
        wholeList.add(at.join('.'));
      } else if (types.includes('object') && node.properties) {
        walk(node.properties, at);
      } else if (types.includes('array') && node.items) {
        const items = resolve(node.items);
        const itemTypes = typesOf(items);
        if (itemTypes.some((type) => type !== 'object')) wholeList.add(at.join('.'));
        else if (itemTypes.includes('object') && items.properties) {
          if (items.properties['id']) walk(items.properties, at);
          else wholeList.add(at.join('.'));
        }
      }
    }
  };
  walk(schema.properties ?? {}, []);
  return { omitted, wholeList };
};

/** The rules of the vendored OCDS 1.1.5 release schema. */
export const releaseMergeRules: MergeRules = mergeRulesOf(releaseSchema);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const copy = <T extends Json>(value: T): T => structuredClone(value);

const mergeInto = (target: JsonObject, source: JsonObject, path: readonly string[], rules: MergeRules): void => {
  for (const [name, value] of Object.entries(source)) {
    const at = [...path, name];
    const key = at.join('.');
    if (rules.omitted.has(key) || value === undefined) continue;
    if (value === null) {
      delete target[name];
    } else if (Array.isArray(value)) {
      if (rules.wholeList.has(key) || !value.every(isObject)) {
        target[name] = copy(value);
      } else if (value.length > 0) {
        const existing = target[name];
        const items = Array.isArray(existing) ? existing : (target[name] = []);
        for (const item of value) {
          const id = item['id'];
          const known = id === undefined || id === null ? undefined : items.find((candidate) => isObject(candidate) && candidate['id'] === id);
          if (isObject(known)) {
            mergeInto(known, item, at, rules);
          } else {
            const added: JsonObject = {};
            mergeInto(added, item, at, rules);
            items.push(added);
          }
        }
      }
    } else if (isObject(value)) {
      if (Object.keys(value).length === 0) continue;
      const existing = target[name];
      const into = isObject(existing) ? existing : (target[name] = {});
      mergeInto(into, value, at, rules);
    } else {
      target[name] = value;
    }
  }
};

/** Oldest first by date; the sort is stable, so releases of the same instant keep the order they were given in. */
export const byDate = <T extends { date: string }>(releases: readonly T[]): T[] =>
  [...releases].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));

export const compileReleases = (releases: readonly Release[], rules: MergeRules = releaseMergeRules): CompiledRelease => {
  const ordered = byDate(releases);
  const newest = ordered.at(-1);
  if (!newest) throw new Error('A compiled release needs at least one release');
  const compiled: JsonObject = {};
  for (const release of ordered) mergeInto(compiled, release as unknown as JsonObject, [], rules);
  return {
    ocid: newest.ocid,
    id: `${newest.ocid}-${newest.date}`,
    date: newest.date,
    tag: ['compiled'],
    ...(compiled as unknown as Omit<CompiledRelease, 'ocid' | 'id' | 'date' | 'tag'>),
  };
};
