import type { FieldProblem } from './problem-details';

/**
 * What PostgreSQL cannot store in text or jsonb: the NUL character, and a UTF-16 surrogate without its pair (JSON
 * can spell one, `"\ud800"`, but it is not a character and has no UTF-8 form). With the `u` flag a well-formed pair
 * is one astral code point, so only a lone surrogate is of the category Cs.
 */
const unstorable = /[\u0000\p{Cs}]/u;
const everyUnstorable = /[\u0000\p{Cs}]/gu;

export const unstorableTextRule = 'text.unstorable';

export const isStorableText = (text: string): boolean => !unstorable.test(text);

/** A refusal names the field; a field name that is itself unstorable is shown with U+FFFD in place of the culprit. */
const printable = (text: string): string => text.replace(everyUnstorable, '\uFFFD');

const why = (text: string): string =>
  text.includes('\u0000') ? 'a NUL character (U+0000)' : 'a UTF-16 surrogate that is not part of a pair';

/** One refusal per culprit is enough to fix a request; a body of ten thousand of them does not need ten thousand. */
export const maxUnstorableTextProblems = 20;

/** A path kept as a chain to its parent: a body nested ten thousand deep must not copy its path at every level. */
interface Path {
  parent: Path | undefined;
  key: string;
}

const fieldOf = (path: Path | undefined): string => {
  const keys: string[] = [];
  for (let at = path; at; at = at.parent) keys.push(printable(at.key));
  return keys.reverse().join('.') || '(body)';
};

/**
 * Every string in `value` that could not be stored, object keys included, each named by its dotted path like the
 * validation's field problems (`summary`, `kpis.0.comment`). The walk keeps its own stack: a parsed body may nest
 * deeper than the call stack would allow.
 */
export const unstorableTextProblems = (value: unknown): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: Path | undefined; isKeyed: boolean }[] = [{ value, path: undefined, isKeyed: false }];
  for (let next = pending.pop(); next && problems.length < maxUnstorableTextProblems; next = pending.pop()) {
    const { value: current, path, isKeyed } = next;
    if (isKeyed && path && !isStorableText(path.key)) {
      problems.push({ field: fieldOf(path), rule: unstorableTextRule, message: `The field name contains ${why(path.key)}, which cannot be stored` });
    } else if (typeof current === 'string') {
      if (!isStorableText(current)) {
        problems.push({ field: fieldOf(path), rule: unstorableTextRule, message: `The text contains ${why(current)}, which cannot be stored` });
      }
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        pending.push({ value: current[index], path: { parent: path, key: String(index) }, isKeyed: false });
      }
    } else if (typeof current === 'object' && current !== null) {
      // Pushed in reverse, so that the problems come out in the order the fields were written.
      for (const [key, child] of Object.entries(current).reverse()) pending.push({ value: child, path: { parent: path, key }, isKeyed: true });
    }
  }
  return problems;
};
